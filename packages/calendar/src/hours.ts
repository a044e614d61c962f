import { CalendarError } from './errors.js'
import { MINUTE } from './zone.js'

/** Working time of one day as [start, end) milliseconds since local midnight, sorted, disjoint. */
export type DayIntervals = ReadonlyArray<readonly [number, number]>

const RANGE = /^(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})$/

function minutes(h: string, m: string, text: string): number {
  const v = Number(h) * 60 + Number(m)
  if (Number(m) > 59 || v > 24 * 60) throw new CalendarError(`"${text}": ${h}:${m} is not a time of day`)
  return v
}

/**
 * Parses `['09:00-12:00', '13:30-18:00']`. Strings rather than numbers because calendars are
 * stored as JSON and edited by people. A day ends at 24:00; a night shift is two days' ranges.
 */
export function parseHours(ranges: readonly string[], where = 'hours'): DayIntervals {
  if (!Array.isArray(ranges)) throw new CalendarError(`${where}: expected a list like ["09:00-12:00", "13:30-18:00"]`)
  const out = ranges.map((text) => {
    const m = RANGE.exec(String(text).trim())
    if (!m) throw new CalendarError(`${where}: "${text}" is not a range like "09:00-12:00"`)
    const start = minutes(m[1], m[2], text)
    const end = minutes(m[3], m[4], text)
    if (end <= start) throw new CalendarError(`${where}: "${text}" ends before it starts (split a night shift at 24:00)`)
    return [start * MINUTE, end * MINUTE] as const
  }).sort((a, b) => a[0] - b[0])
  for (let i = 1; i < out.length; i++) {
    if (out[i][0] < out[i - 1][1]) throw new CalendarError(`${where}: ranges overlap`)
  }
  // Touching ranges (09:00-12:00, 12:00-13:00) are merged so interval ends are real breaks.
  const merged: Array<[number, number]> = []
  for (const [s, e] of out) {
    const last = merged.at(-1)
    if (last && last[1] === s) last[1] = e
    else merged.push([s, e])
  }
  return merged
}

export function formatHours(intervals: DayIntervals): string[] {
  const hm = (ms: number) => {
    const m = ms / MINUTE
    return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
  }
  return intervals.map(([s, e]) => `${hm(s)}-${hm(e)}`)
}
