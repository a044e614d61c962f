import { addBusinessMs, type Instant } from './arithmetic.js'
import { BUILT_IN_CALENDARS, type BusinessCalendar, type CalendarSpec, createCalendar } from './calendar.js'
import { CalendarError } from './errors.js'

/**
 * Compiled calendars by id, for a service such as the runtime's `flow.calendar`
 * (`addBusinessTime(calendarId, from, ms)`): built-ins plus whatever `lookup` finds (a tenant's
 * stored calendars). Compiled calendars are cached by id until `invalidate(id)`.
 */
export interface CalendarProvider {
  get: (id: string) => BusinessCalendar
  /** `from` + `ms` of working time in calendar `id`; no id = wall-clock time. */
  addBusinessTime: (calendarId: string | undefined, from: Instant, ms: number) => Date
  invalidate: (id?: string) => void
}

export function calendarProvider(lookup: (id: string) => CalendarSpec | undefined = () => undefined): CalendarProvider {
  const cache = new Map<string, BusinessCalendar>()
  const get = (id: string) => {
    let cal = cache.get(id)
    if (!cal) {
      const spec = lookup(id) ?? BUILT_IN_CALENDARS[id]
      if (!spec) throw new CalendarError(`unknown calendar "${id}"`)
      cal = createCalendar({ ...spec, id })
      cache.set(id, cal)
    }
    return cal
  }
  return {
    get,
    addBusinessTime(calendarId, from, ms) {
      if (!calendarId) return new Date((from instanceof Date ? from.getTime() : from) + ms)
      return addBusinessMs(get(calendarId), from, ms)
    },
    invalidate(id) {
      if (id) cache.delete(id)
      else cache.clear()
    },
  }
}
