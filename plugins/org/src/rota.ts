import { zone, type ZonedTime } from '@scrm/calendar'

/** Default zone of rotas whose user names none: the platform serves mainland China first. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

/** One weekly shift, local time in minutes since midnight; `end <= start` runs past midnight. */
export interface Shift {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number
  start: number
  end: number
}

/** A date that departs from the rota: off all day, or on duty (all day or in one window). */
export interface ShiftOverride {
  date: string
  onDuty: boolean
  start: number | null
  end: number | null
}

export interface Rota {
  timezone: string | null
  shifts: readonly Shift[]
  /** By local date (YYYY-MM-DD). */
  overrides: ReadonlyMap<string, ShiftOverride>
}

/** "09:30" ↔ 570. `24:00` is allowed as an end. */
export function parseClock(text: string): number | undefined {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text)
  if (!m) return undefined
  const minutes = Number(m[1]) * 60 + Number(m[2])
  return minutes <= 1440 ? minutes : undefined
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

const isoWeekday = (z: ZonedTime) => (z.weekday === 0 ? 7 : z.weekday)
const previousWeekday = (w: number) => (w === 1 ? 7 : w - 1)

/** Local date and minute of an instant in a zone; callers cache this per decision (Intl is not free). */
export function localTime(at: Date, timezone: string | null): { date: string, weekday: number, minute: number, yesterday: string } {
  const z = zone(timezone ?? DEFAULT_TIME_ZONE).toZoned(at.getTime())
  const y = new Date((z.day - 1) * 86_400_000).toISOString().slice(0, 10)
  return { date: z.date, weekday: isoWeekday(z), minute: Math.floor(z.msOfDay / 60_000), yesterday: y }
}

export type LocalTime = ReturnType<typeof localTime>

/**
 * Whether someone is on duty at a local time.
 * - No weekly shifts at all means no rota is kept for them: always on duty (a tenant that never
 *   sets up rotas still gets tickets routed). Overrides still apply (a day off is a day off).
 * - An override for a date replaces that date entirely, including the tail of the previous
 *   evening's overnight shift: "off on the 3rd" means off the whole 3rd.
 */
export function isOnDutyAt(rota: Rota, t: LocalTime): boolean {
  const override = rota.overrides.get(t.date)
  if (override) {
    if (!override.onDuty) return false
    if (override.start === null || override.end === null) return true
    return inWindow(t.minute, override.start, override.end)
  }
  if (!rota.shifts.length) return true
  const yesterday = previousWeekday(t.weekday)
  for (const s of rota.shifts) {
    if (s.weekday === t.weekday && inWindow(t.minute, s.start, s.end)) return true
    // Last night's overnight shift reaches into today (unless yesterday was overridden away).
    if (s.weekday === yesterday && s.end <= s.start && t.minute < s.end && !rota.overrides.has(t.yesterday)) return true
  }
  return false
}

/** [start, end) on the day; an overnight window (end <= start) covers start → midnight today. */
function inWindow(minute: number, start: number, end: number): boolean {
  return end > start ? minute >= start && minute < end : minute >= start
}
