import { isWorkday } from 'chinese-days'
import { describe, expect, it } from 'vitest'
import {
  addBusinessMinutes,
  businessMinutesBetween,
  CalendarError,
  CalendarRangeError,
  calendarProvider,
  chineseHolidays,
  createCalendar,
  DAY,
  dayNumber,
  describeDay,
  isWorkingTime,
  nextWorkingInstant,
  zone,
} from './index.js'

const bj = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`)

describe('cn-workdays data', () => {
  const cn = createCalendar('cn-workdays')

  it('names holidays and make-up days in both languages', () => {
    expect(describeDay(cn, '2025-10-01')).toMatchObject({ kind: 'holiday', name: { 'zh-CN': '国庆节', 'en-US': 'National Day' }, intervals: [] })
    expect(describeDay(cn, '2025-10-11')).toMatchObject({ kind: 'makeup', weekday: 6, name: { 'zh-CN': '国庆节' } })
    expect(describeDay(cn, '2025-01-29')).toMatchObject({ kind: 'holiday', name: { 'zh-CN': '春节' } })
    expect(describeDay(cn, '2025-06-14')).toMatchObject({ kind: 'rest', weekday: 6 })
    expect(describeDay(cn, '2025-06-10').intervals).toEqual([[9 * 3_600_000, 12 * 3_600_000], [13.5 * 3_600_000, 18 * 3_600_000]])
  })

  it('agrees with chinese-days on every covered date', () => {
    const { from, to } = chineseHolidays().covered
    expect(from).toBe('2004-01-01')
    expect(to >= '2026-12-31').toBe(true)
    let days = 0
    for (let d = dayNumber(from); d <= dayNumber(to); d++) {
      const date = new Date(d * DAY).toISOString().slice(0, 10)
      const info = cn.day(d)
      expect([info.date, info.intervals.length > 0]).toEqual([date, isWorkday(date)])
      days++
    }
    expect(days).toBeGreaterThan(8000)
  })

  it('fails clearly outside the years the data covers when asked to be strict', () => {
    const { to } = chineseHolidays().covered
    const strict = createCalendar({ ...cn.spec, outsideCoverage: 'error' })
    const after = `${Number(to.slice(0, 4)) + 1}-01-04`
    expect(() => describeDay(strict, after)).toThrow(CalendarRangeError)
    expect(() => describeDay(strict, after)).toThrow(/chinese-days .* 2004–\d{4} only; .* is outside/)
    expect(() => describeDay(strict, '2003-12-31')).toThrow(CalendarRangeError)
    // Arithmetic that runs past the end of the data fails instead of guessing.
    expect(() => addBusinessMinutes(strict, bj(`${to} 17:00`), 450 * 3)).toThrow(CalendarRangeError)
  })

  it('built-in cn-workdays still gives a deadline past the data, by weekday rules', () => {
    const { to } = chineseHolidays().covered
    // Three working days from the last covered afternoon land in the next year, Mon–Fri only.
    const due = addBusinessMinutes(cn, bj(`${to} 17:00`), 450 * 3)
    const local = describeDay(cn, due.toISOString().slice(0, 10))
    expect(due.getTime()).toBeGreaterThan(bj(`${to} 17:00`).getTime())
    expect(local.kind).toBe('workday')
  })

  it('can fall back to weekday rules past the data, with the tenant filling in next year itself', () => {
    const { to } = chineseHolidays().covered
    const next = Number(to.slice(0, 4)) + 1
    const cal = createCalendar({ ...cn.spec, outsideCoverage: 'weekdays', holidays: { [`${next}-01-01`]: '元旦' } })
    expect(describeDay(cal, `${next}-01-01`).kind).toBe('holiday')
    expect(describeDay(cal, '2025-10-01').kind).toBe('holiday') // covered years still use the data
    const firstMonday = [1, 2, 3, 4, 5, 6, 7].map(d => `${next}-01-0${d}`).find(d => new Date(d).getUTCDay() === 1)!
    expect(describeDay(cal, firstMonday).kind).toBe('workday')
  })
})

describe('custom calendars', () => {
  it('layers own holidays, own make-up days and per-date hours over the official ones', () => {
    const cal = createCalendar({
      timeZone: 'Asia/Shanghai',
      weekly: { 1: ['09:00-18:00'], 2: ['09:00-18:00'], 3: ['09:00-18:00'], 4: ['09:00-18:00'], 5: ['09:00-18:00'] },
      holidaySource: 'cn',
      holidays: { '2025-06-11': '公司周年庆' },
      workdays: ['2025-06-14'],
      makeUpHours: ['10:00-16:00'],
      dates: { '2025-06-12': ['09:00-12:00'], '2025-10-02': ['10:00-12:00'] },
    })
    expect(describeDay(cal, '2025-06-11')).toMatchObject({ kind: 'holiday', name: { 'zh-CN': '公司周年庆' } })
    expect(describeDay(cal, '2025-06-12').kind).toBe('special')
    expect(describeDay(cal, '2025-10-02').kind).toBe('special') // duty hours on a public holiday
    expect(businessMinutesBetween(cal, bj('2025-06-09 00:00'), bj('2025-06-16 00:00'))).toBe(9 * 60 * 3 + 3 * 60 + 6 * 60)
    expect(describeDay(cal, '2025-10-11').intervals).toEqual([[10 * 3_600_000, 16 * 3_600_000]]) // official make-up day, own hours
  })

  it('without a holiday source works in any year', () => {
    const cal = createCalendar({ weekly: { 1: ['09:00-17:00'] } })
    expect(isWorkingTime(cal, bj('2031-06-09 10:00'))).toBe(true)
    expect(nextWorkingInstant(cal, bj('2031-06-10 10:00')).toISOString()).toBe(bj('2031-06-16 09:00').toISOString())
  })

  it('24x7 counts calendar time', () => {
    const cal = createCalendar('24x7')
    expect(businessMinutesBetween(cal, bj('2025-10-01 00:00'), bj('2025-10-02 00:00'))).toBe(1440)
    expect(addBusinessMinutes(cal, bj('2025-10-01 23:30'), 45).toISOString()).toBe(bj('2025-10-02 00:15').toISOString())
  })

  it('rejects definitions that cannot work, saying why', () => {
    expect(() => createCalendar({ weekly: { 1: ['18:00-09:00'] } })).toThrow(/ends before it starts/)
    expect(() => createCalendar({ weekly: { 1: ['09:00-12:00', '11:00-13:00'] } })).toThrow(/overlap/)
    expect(() => createCalendar({ weekly: { 1: ['9-12'] } })).toThrow(/not a range/)
    expect(() => createCalendar({ weekly: { 1: ['09:00-24:30'] } })).toThrow(/not a time of day/)
    expect(() => createCalendar({ timeZone: 'Mars/Olympus' })).toThrow(/unknown time zone/)
    expect(() => createCalendar({ holidays: ['2025-02-30'] })).toThrow(/not a date/)
    expect(() => createCalendar('nope')).toThrow(CalendarError)
    const empty = createCalendar({ weekly: {} })
    expect(() => addBusinessMinutes(empty, new Date(), 10)).toThrow(/no working time/)
  })

  it('merges touching ranges so lunch breaks are the only gaps', () => {
    const cal = createCalendar({ weekly: { 2: ['09:00-12:00', '12:00-13:00'] } })
    expect(describeDay(cal, '2025-06-10').intervals).toEqual([[9 * 3_600_000, 13 * 3_600_000]])
  })
})

describe('zone', () => {
  it('converts wall-clock time with DST gaps and overlaps like Temporal "compatible"', () => {
    const ny = zone('America/New_York')
    const d = dayNumber('2025-03-09')
    expect(new Date(ny.toInstant(d, 2.5 * 3_600_000)).toISOString()).toBe('2025-03-09T07:30:00.000Z') // 02:30 does not exist → 03:30 EDT
    const f = dayNumber('2025-11-02')
    expect(new Date(ny.toInstant(f, 1.5 * 3_600_000)).toISOString()).toBe('2025-11-02T05:30:00.000Z') // 01:30 twice → the first (EDT)
    const berlin = zone('Europe/Berlin')
    expect(new Date(berlin.toInstant(dayNumber('2025-10-26'), 2.5 * 3_600_000)).toISOString()).toBe('2025-10-26T00:30:00.000Z')
    expect(zone('Asia/Shanghai').toZoned(Date.parse('2025-12-31T16:00:00Z'))).toMatchObject({ date: '2026-01-01', msOfDay: 0, weekday: 4 })
  })
})

describe('calendarProvider', () => {
  it('serves built-in and looked-up calendars by id, wall-clock time without one', () => {
    const night = { weekly: { 6: ['20:00-22:00'] } }
    const p = calendarProvider(id => (id === 'night-shift' ? night : undefined))
    expect(p.addBusinessTime('cn-workdays', bj('2025-09-30 17:00'), 2 * 3_600_000).toISOString()).toBe(bj('2025-10-09 10:00').toISOString())
    expect(p.addBusinessTime('night-shift', bj('2025-10-11 21:00'), 2 * 3_600_000).toISOString()).toBe(bj('2025-10-18 21:00').toISOString())
    expect(p.addBusinessTime(undefined, bj('2025-10-01 00:00'), 60_000).toISOString()).toBe(bj('2025-10-01 00:01').toISOString())
    expect(p.get('cn-workdays')).toBe(p.get('cn-workdays'))
    expect(() => p.get('nope')).toThrow(/unknown calendar "nope"/)
  })
})
