import { CalendarError } from './errors.js'

export const MINUTE = 60_000
export const DAY = 86_400_000

/**
 * A civil date counted in days since 1970-01-01 (no time zone): cheap to step, compare and key
 * maps with. `dayNumber('2025-10-01')`, `dateString(n)`, `weekdayOf(n)` (0 = Sunday).
 */
export type DayNumber = number

export function dayNumber(date: string): DayNumber {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) throw new CalendarError(`"${date}" is not a date (YYYY-MM-DD)`)
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3])
  if (dateString(ms / DAY) !== date) throw new CalendarError(`"${date}" is not a date (YYYY-MM-DD)`)
  return ms / DAY
}

export function dateString(day: DayNumber): string {
  return new Date(day * DAY).toISOString().slice(0, 10)
}

export function weekdayOf(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7 // 1970-01-01 was a Thursday
}

export interface ZonedTime {
  /** Local civil date. */
  day: DayNumber
  date: string
  /** Milliseconds since local midnight. */
  msOfDay: number
  weekday: number
}

/**
 * Converts between instants and wall-clock time in one IANA zone with nothing but Intl, so there
 * is no time-zone database to ship or keep current (Node's ICU carries it).
 *
 * Offsets are cached per local day: in Asia/Shanghai (no DST since 1991) every conversion after
 * the first of a day is arithmetic, which keeps business-time loops fast.
 */
export class Zone {
  private readonly fmt: Intl.DateTimeFormat
  private readonly dayCache = new Map<DayNumber, number | null>()

  constructor(readonly timeZone: string) {
    try {
      this.fmt = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })
    }
    catch {
      throw new CalendarError(`unknown time zone "${timeZone}" (expected an IANA name such as Asia/Shanghai)`)
    }
  }

  /** UTC offset in ms at an instant (local = utc + offset). */
  offsetAt(instant: number): number {
    const p: Record<string, number> = {}
    for (const part of this.fmt.formatToParts(instant)) {
      if (part.type !== 'literal') p[part.type] = Number(part.value)
    }
    const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
    return local - (instant - (((instant % 1000) + 1000) % 1000))
  }

  /** The wall-clock time of an instant. */
  toZoned(instant: number): ZonedTime {
    const local = instant + this.offsetAt(instant)
    const day = Math.floor(local / DAY)
    return { day, date: dateString(day), msOfDay: local - day * DAY, weekday: weekdayOf(day) }
  }

  /**
   * The instant of a wall-clock time (`msOfDay` may be 24 h: the end of the day). Like Temporal's
   * 'compatible' disambiguation: a time skipped by a DST jump maps to the instant after the gap,
   * a time that happens twice maps to the earlier one.
   */
  toInstant(day: DayNumber, msOfDay: number): number {
    const local = day * DAY + msOfDay
    const fixed = this.fixedOffset(day)
    if (fixed !== null) return local - fixed
    const a = local - this.offsetAt(local - DAY)
    const b = local - this.offsetAt(local + DAY)
    const aOk = a + this.offsetAt(a) === local
    const bOk = b + this.offsetAt(b) === local
    if (aOk && bOk) return Math.min(a, b)
    if (aOk) return a
    if (bOk) return b
    return Math.max(a, b)
  }

  /** The offset of a local day when it does not change during it (every day but DST switch days). */
  private fixedOffset(day: DayNumber): number | null {
    let cached = this.dayCache.get(day)
    if (cached !== undefined) return cached
    // Offsets just before and just after the day (probed a few hours outside it, whatever the offset).
    const before = this.offsetAt(day * DAY - 15 * 3_600_000)
    const after = this.offsetAt((day + 1) * DAY + 15 * 3_600_000)
    cached = before === after ? before : null
    if (this.dayCache.size > 20_000) this.dayCache.clear()
    this.dayCache.set(day, cached)
    return cached
  }
}

const zones = new Map<string, Zone>()

/** One shared Zone per name: Intl formatters are costly to create. */
export function zone(timeZone: string): Zone {
  let z = zones.get(timeZone)
  if (!z) {
    z = new Zone(timeZone)
    zones.set(timeZone, z)
  }
  return z
}
