import type { BusinessCalendar } from './calendar.js'
import { CalendarError } from './errors.js'
import { MINUTE } from './zone.js'

/** An instant: a Date or epoch milliseconds. */
export type Instant = Date | number

/** A calendar with no working time for this many consecutive days is a configuration error, not a reason to loop forever. */
const MAX_IDLE_DAYS = 3 * 366

function ms(instant: Instant, what = 'instant'): number {
  const t = instant instanceof Date ? instant.getTime() : instant
  if (typeof t !== 'number' || !Number.isFinite(t)) throw new CalendarError(`${what} is not a valid date`)
  return t
}

function idle(calendar: BusinessCalendar, count: number): number {
  if (count > MAX_IDLE_DAYS) throw new CalendarError(`calendar "${calendar.id}" has no working time in ${MAX_IDLE_DAYS} consecutive days`)
  return count + 1
}

/**
 * Every function walks local days and their few intervals, converting interval bounds to real
 * instants (so a DST switch inside working hours counts the minutes that really passed). Days are
 * skipped whole: cost grows with the number of calendar days crossed, never with minutes.
 */
function forwardMs(cal: BusinessCalendar, start: number, amount: number): number {
  const z = cal.zone
  let day = z.toZoned(start).day
  let remaining = amount
  for (let quiet = 0; ; day++) {
    const { intervals } = cal.day(day)
    for (const [s, e] of intervals) {
      const from = Math.max(z.toInstant(day, s), start)
      const to = z.toInstant(day, e)
      if (to <= from) continue
      // Ending exactly at a closing time returns that closing time (17:00 + 60 min = 18:00 today).
      if (remaining <= to - from) return from + remaining
      remaining -= to - from
    }
    quiet = intervals.length ? 0 : idle(cal, quiet)
  }
}

function backwardMs(cal: BusinessCalendar, start: number, amount: number): number {
  const z = cal.zone
  let day = z.toZoned(start).day
  let remaining = amount
  for (let quiet = 0; ; day--) {
    const { intervals } = cal.day(day)
    for (let i = intervals.length - 1; i >= 0; i--) {
      const [s, e] = intervals[i]
      const from = z.toInstant(day, s)
      const to = Math.min(z.toInstant(day, e), start)
      if (to <= from) continue
      if (remaining <= to - from) return to - remaining
      remaining -= to - from
    }
    quiet = intervals.length ? 0 : idle(cal, quiet)
  }
}

/**
 * The instant `amount` ms of working time after `instant` (before it when negative). Adding 0
 * returns the instant itself, even outside working hours.
 */
export function addBusinessMs(calendar: BusinessCalendar, instant: Instant, amount: number): Date {
  const start = ms(instant)
  if (!Number.isFinite(amount)) throw new CalendarError('amount must be a finite number')
  if (amount === 0) return new Date(start)
  return new Date(amount > 0 ? forwardMs(calendar, start, amount) : backwardMs(calendar, start, -amount))
}

/** `instant` + N business minutes (negative: before). SLA due times: `addBusinessMinutes(cal, createdAt, 120)`. */
export function addBusinessMinutes(calendar: BusinessCalendar, instant: Instant, minutes: number): Date {
  return addBusinessMs(calendar, instant, minutes * MINUTE)
}

/** Working time in ms between two instants; negative when `b` is before `a`. */
export function businessMsBetween(calendar: BusinessCalendar, a: Instant, b: Instant): number {
  const from = ms(a, 'a')
  const to = ms(b, 'b')
  if (to < from) return -businessMsBetween(calendar, to, from)
  const z = calendar.zone
  const last = z.toZoned(to).day
  let total = 0
  for (let day = z.toZoned(from).day; day <= last; day++) {
    for (const [s, e] of calendar.day(day).intervals) {
      const lo = Math.max(z.toInstant(day, s), from)
      const hi = Math.min(z.toInstant(day, e), to)
      if (hi > lo) total += hi - lo
    }
  }
  return total
}

/** Business minutes between two instants (fractional when the instants are not on whole minutes). */
export function businessMinutesBetween(calendar: BusinessCalendar, a: Instant, b: Instant): number {
  return businessMsBetween(calendar, a, b) / MINUTE
}

/** Whether the instant falls inside working hours (start inclusive, end exclusive). */
export function isWorkingTime(calendar: BusinessCalendar, instant: Instant): boolean {
  const t = ms(instant)
  const z = calendar.zone
  const { day } = z.toZoned(t)
  return calendar.day(day).intervals.some(([s, e]) => z.toInstant(day, s) <= t && t < z.toInstant(day, e))
}

/** The instant itself when it is working time, else the start of the next working period. */
export function nextWorkingInstant(calendar: BusinessCalendar, instant: Instant): Date {
  const t = ms(instant)
  const z = calendar.zone
  let day = z.toZoned(t).day
  for (let quiet = 0; ; day++) {
    const { intervals } = calendar.day(day)
    for (const [s, e] of intervals) {
      const from = Math.max(z.toInstant(day, s), t)
      if (z.toInstant(day, e) > from) return new Date(from)
    }
    quiet = intervals.length ? 0 : idle(calendar, quiet)
  }
}
