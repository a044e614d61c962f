import { createRequire } from 'node:module'
import { CalendarRangeError } from './errors.js'

export interface HolidayName {
  'zh-CN': string
  'en-US': string
}

/** What official data says about one date: a day off, or a make-up working day (调休上班). */
export interface OfficialDay {
  kind: 'holiday' | 'workday'
  name: HolidayName
}

/** Official public holidays of one country, for the years its data covers. */
export interface HolidaySource {
  id: string
  /** First and last covered dates (YYYY-MM-DD). */
  covered: { from: string, to: string }
  /** Undefined = an ordinary day (weekday rules apply). Throws CalendarRangeError outside `covered`. */
  lookup: (date: string) => OfficialDay | undefined
}

interface ChineseDaysData {
  holidays: Record<string, string>
  workdays: Record<string, string>
}

/** Entries look like "National Day,国庆节,3": English name, Chinese name, a sequence number. */
function parseName(raw: string): HolidayName {
  const [en, zh] = raw.split(',')
  return { 'zh-CN': zh ?? en, 'en-US': en }
}

let cn: HolidaySource | undefined

/**
 * Mainland China's official holidays and 调休 make-up days from the `chinese-days` package's
 * data file (the State Council's yearly notice, maintained upstream). Coverage is the years the
 * data contains; its functions would quietly answer "weekday rules" for later years, so the range
 * is checked here and a later year is an error that says to update the package.
 */
export function chineseHolidays(): HolidaySource {
  if (cn) return cn
  const require = createRequire(import.meta.url)
  const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData
  const version = (require('chinese-days/package.json') as { version: string }).version
  const years = Object.keys(data.holidays).map(d => Number(d.slice(0, 4)))
  const first = Math.min(...years)
  const last = Math.max(...years)
  const covered = { from: `${first}-01-01`, to: `${last}-12-31` }
  const days = new Map<string, OfficialDay>()
  for (const [date, raw] of Object.entries(data.holidays)) days.set(date, { kind: 'holiday', name: parseName(raw) })
  for (const [date, raw] of Object.entries(data.workdays)) days.set(date, { kind: 'workday', name: parseName(raw) })
  cn = {
    id: 'cn',
    covered,
    lookup(date) {
      if (date < covered.from || date > covered.to) {
        throw new CalendarRangeError(
          `cn-workdays: chinese-days ${version} has mainland China's official holidays for ${first}–${last} only; ${date} is outside (update the chinese-days package once the State Council publishes the next year)`,
          date,
          covered,
        )
      }
      return days.get(date)
    },
  }
  return cn
}

export const holidaySources: Record<string, () => HolidaySource> = {
  cn: chineseHolidays,
}
