import { CalendarError } from './errors.js'
import { holidaySources, type HolidayName, type HolidaySource } from './holiday-source.js'
import { type DayIntervals, parseHours } from './hours.js'
import { dateString, type DayNumber, dayNumber, weekdayOf, type Zone, zone } from './zone.js'

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

/**
 * A business calendar as stored (JSON) and edited: the tenant's, a team's, or a built-in one.
 * Precedence for a date: `dates` → `holidays` → `workdays` → official source → `weekly`.
 */
export interface CalendarSpec {
  id?: string
  name?: string
  /** IANA zone the hours are in; default Asia/Shanghai. */
  timeZone?: string
  /** Working hours per weekday (0 = Sunday … 6 = Saturday), e.g. ['09:00-12:00', '13:30-18:00']; absent = closed. */
  weekly?: Partial<Record<0 | 1 | 2 | 3 | 4 | 5 | 6, string[]>>
  /** Official holidays and make-up days to follow: 'cn' = mainland China (chinese-days). */
  holidaySource?: 'cn' | 'none'
  /** The company's own days off (date → name), on top of the official ones. */
  holidays?: Record<string, string> | string[]
  /** The company's own make-up working days (date → name). */
  workdays?: Record<string, string> | string[]
  /** Hours of a make-up working day (official or own); default: Monday's hours. */
  makeUpHours?: string[]
  /** Exact hours for single dates, over everything else (half day on 除夕, `[]` = closed). */
  dates?: Record<string, string[]>
  /**
   * A date the holiday source has no data for yet (next year before the package is updated):
   * 'error' (default) throws CalendarRangeError; 'weekdays' falls back to `weekly`, for tenants
   * who would rather enter next year's holidays in `holidays`/`workdays` themselves than stop.
   */
  outsideCoverage?: 'error' | 'weekdays'
}

export type DayKind = 'workday' | 'rest' | 'holiday' | 'makeup' | 'special'

export interface DayInfo {
  date: string
  weekday: number
  kind: DayKind
  /** Holiday or make-up day name when there is one. */
  name?: HolidayName
  intervals: DayIntervals
}

/** A compiled calendar: what the arithmetic functions take. Create with `createCalendar`. */
export interface BusinessCalendar {
  id: string
  timeZone: string
  zone: Zone
  spec: Readonly<CalendarSpec>
  /** Working hours of a local date (by day number). May throw CalendarRangeError. */
  day: (day: DayNumber) => DayInfo
}

const WORKWEEK = ['09:00-12:00', '13:30-18:00']

/**
 * Built-in `cn-workdays`: Mon–Fri 09:00–12:00 and 13:30–18:00 in Beijing time, with official
 * holidays and 调休; weekday rules for dates the holiday data does not cover yet (ADR 0007).
 */
export const CN_WORKDAYS: CalendarSpec = Object.freeze({
  id: 'cn-workdays',
  name: '中国大陆工作日',
  timeZone: DEFAULT_TIME_ZONE,
  weekly: { 1: WORKWEEK, 2: WORKWEEK, 3: WORKWEEK, 4: WORKWEEK, 5: WORKWEEK },
  holidaySource: 'cn',
  // Past the data (next year before the package ships it) an SLA must still get a deadline:
  // weekday rules are the best guess, and a tenant can add next year's days in `holidays`.
  outsideCoverage: 'weekdays',
})

/** Round the clock, every day: for targets in calendar time and for tests. */
export const ALWAYS: CalendarSpec = Object.freeze({
  id: '24x7',
  name: '全天候',
  weekly: Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map(d => [d, ['00:00-24:00']])),
  holidaySource: 'none',
})

export const BUILT_IN_CALENDARS: Record<string, CalendarSpec> = {
  'cn-workdays': CN_WORKDAYS,
  '24x7': ALWAYS,
}

function named(list: Record<string, string> | string[] | undefined, what: string): Map<string, string> {
  const entries: Array<[string, string]> = Array.isArray(list) ? list.map(d => [d, '']) : Object.entries(list ?? {})
  for (const [d] of entries) {
    if (typeof d !== 'string') throw new CalendarError(`${what}: dates must be strings like "2025-10-01"`)
    dayNumber(d) // validates, with a clear message
  }
  return new Map(entries)
}

const own = (name: string): HolidayName | undefined => (name ? { 'zh-CN': name, 'en-US': name } : undefined)

/** Validates a spec and compiles it; throws CalendarError naming what is wrong. */
export function createCalendar(spec: CalendarSpec | string): BusinessCalendar {
  if (typeof spec === 'string') {
    const builtIn = BUILT_IN_CALENDARS[spec]
    if (!builtIn) throw new CalendarError(`unknown calendar "${spec}" (built in: ${Object.keys(BUILT_IN_CALENDARS).join(', ')})`)
    spec = builtIn
  }
  const tz = zone(spec.timeZone ?? DEFAULT_TIME_ZONE)
  const weekly: DayIntervals[] = [0, 1, 2, 3, 4, 5, 6].map(d => parseHours(spec.weekly?.[d as 0] ?? [], `weekly[${d}]`))
  const makeUp = spec.makeUpHours ? parseHours(spec.makeUpHours, 'makeUpHours') : weekly[1]
  const holidays = named(spec.holidays, 'holidays')
  const workdays = named(spec.workdays, 'workdays')
  const dates = new Map(Object.entries(spec.dates ?? {}).map(([d, h]) => [dayNumber(d), parseHours(h, `dates[${d}]`)]))
  const sourceId = spec.holidaySource ?? 'none'
  let source: HolidaySource | undefined
  if (sourceId !== 'none') {
    const make = holidaySources[sourceId]
    if (!make) throw new CalendarError(`unknown holiday source "${sourceId}"`)
    source = make()
  }

  const lenient = spec.outsideCoverage === 'weekdays'
  if (spec.outsideCoverage !== undefined && !lenient && spec.outsideCoverage !== 'error')
    throw new CalendarError(`outsideCoverage must be "error" or "weekdays"`)
  const lookupOfficial = (date: string) => {
    if (!source) return undefined
    if (lenient && (date < source.covered.from || date > source.covered.to)) return undefined
    return source.lookup(date)
  }

  const cache = new Map<DayNumber, DayInfo>()
  const resolve = (day: DayNumber): DayInfo => {
    const date = dateString(day)
    const weekday = weekdayOf(day)
    const special = dates.get(day)
    if (special) return { date, weekday, kind: 'special', intervals: special }
    if (holidays.has(date)) return { date, weekday, kind: 'holiday', name: own(holidays.get(date)!), intervals: [] }
    if (workdays.has(date)) return { date, weekday, kind: 'makeup', name: own(workdays.get(date)!), intervals: makeUp }
    const official = lookupOfficial(date)
    if (official?.kind === 'holiday') return { date, weekday, kind: 'holiday', name: official.name, intervals: [] }
    if (official?.kind === 'workday') return { date, weekday, kind: 'makeup', name: official.name, intervals: makeUp }
    const intervals = weekly[weekday]
    return { date, weekday, kind: intervals.length ? 'workday' : 'rest', intervals }
  }

  return {
    id: spec.id ?? 'custom',
    timeZone: tz.timeZone,
    zone: tz,
    spec: Object.freeze({ ...spec }),
    day(day) {
      let info = cache.get(day)
      if (!info) {
        info = resolve(day)
        if (cache.size > 10_000) cache.clear()
        cache.set(day, info)
      }
      return info
    },
  }
}

/** What a date is in a calendar (for UIs and timelines): kind, holiday name, hours. */
export function describeDay(calendar: BusinessCalendar, date: string): DayInfo {
  return calendar.day(dayNumber(date))
}
