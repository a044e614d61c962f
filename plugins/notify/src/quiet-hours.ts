import { type BusinessCalendar, createCalendar, isWorkingTime, nextWorkingInstant } from '@scrm/calendar'

/** Non-urgent messages are held during these hours of the tenant's zone (start may be after end: 22:00–08:00). */
export interface QuietHours {
  enabled: boolean
  start: string
  end: string
}

export const DEFAULT_QUIET_HOURS: QuietHours = { enabled: true, start: '22:00', end: '08:00' }

const HM = /^([01]\d|2[0-3]):[0-5]\d$/

export function validQuietHours(q: QuietHours): string | undefined {
  if (!HM.test(q.start) || !HM.test(q.end)) return 'quiet hours are HH:MM times'
  return undefined
}

const calendars = new Map<string, BusinessCalendar>()

/**
 * The hours messages may go out, as a calendar open every day outside the quiet window, so
 * "hold until" is the calendar's next working instant and windows across midnight need no
 * special case.
 */
function sendingCalendar(q: QuietHours, timeZone: string): BusinessCalendar {
  const key = `${timeZone}|${q.start}|${q.end}`
  let cal = calendars.get(key)
  if (!cal) {
    const open = q.start > q.end
      ? [`${q.end}-${q.start}`]
      : [q.start !== '00:00' ? `00:00-${q.start}` : '', `${q.end}-24:00`].filter(Boolean)
    cal = createCalendar({ id: 'quiet-hours', timeZone, weekly: Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map(d => [d, open])) })
    calendars.set(key, cal)
  }
  return cal
}

/** When a message created at `now` may go out: undefined = now (urgent, no quiet hours, or outside them). */
export function holdUntil(q: QuietHours | undefined, now: Date, timeZone: string, urgent: boolean): Date | undefined {
  if (urgent || !q?.enabled || q.start === q.end) return undefined
  const cal = sendingCalendar(q, timeZone)
  return isWorkingTime(cal, now) ? undefined : nextWorkingInstant(cal, now)
}
