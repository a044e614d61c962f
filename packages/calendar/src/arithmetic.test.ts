import { describe, expect, it } from 'vitest'
import {
  addBusinessMinutes,
  businessMinutesBetween,
  createCalendar,
  isWorkingTime,
  nextWorkingInstant,
} from './index.js'

/** Beijing wall-clock time as an instant: `bj('2025-10-09 10:00')`. */
const bj = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`)
const iso = (d: Date) => d.toISOString()
const cn = createCalendar('cn-workdays')
const add = (from: string, minutes: number) => addBusinessMinutes(cn, bj(from), minutes)

describe('cn-workdays arithmetic', () => {
  it('skips lunch breaks', () => {
    expect(iso(add('2025-06-10 11:30', 60))).toBe(iso(bj('2025-06-10 14:00')))
    expect(iso(add('2025-06-10 12:15', 30))).toBe(iso(bj('2025-06-10 14:00')))
    expect(businessMinutesBetween(cn, bj('2025-06-10 11:00'), bj('2025-06-10 14:00'))).toBe(90)
  })

  it('starts at opening time and ends exactly at closing time', () => {
    expect(iso(add('2025-06-10 07:00', 10))).toBe(iso(bj('2025-06-10 09:10')))
    expect(iso(add('2025-06-10 17:00', 60))).toBe(iso(bj('2025-06-10 18:00')))
    expect(iso(add('2025-06-10 17:00', 61))).toBe(iso(bj('2025-06-11 09:01')))
    expect(iso(add('2025-06-10 20:00', 0))).toBe(iso(bj('2025-06-10 20:00')))
  })

  it('skips the weekend', () => {
    expect(iso(add('2025-06-13 17:00', 120))).toBe(iso(bj('2025-06-16 10:00')))
    expect(businessMinutesBetween(cn, bj('2025-06-13 17:00'), bj('2025-06-16 10:00'))).toBe(120)
    // A full working week is 5 × 7.5 h.
    expect(businessMinutesBetween(cn, bj('2025-06-09 00:00'), bj('2025-06-16 00:00'))).toBe(5 * 450)
  })

  it('skips 国庆 (2025-10-01 … 10-08) and works the 调休 Saturday 2025-10-11', () => {
    expect(iso(add('2025-09-30 17:00', 120))).toBe(iso(bj('2025-10-09 10:00')))
    expect(businessMinutesBetween(cn, bj('2025-09-30 09:00'), bj('2025-10-09 18:00'))).toBe(900)
    expect(isWorkingTime(cn, bj('2025-10-03 10:00'))).toBe(false) // a Friday, but a holiday
    // Friday 17:00 + 2 h: one hour on Friday, the next on the make-up Saturday.
    expect(iso(add('2025-10-10 17:00', 120))).toBe(iso(bj('2025-10-11 10:00')))
    expect(isWorkingTime(cn, bj('2025-10-11 10:00'))).toBe(true)
    expect(isWorkingTime(cn, bj('2025-10-18 10:00'))).toBe(false) // an ordinary Saturday
    expect(isWorkingTime(cn, bj('2025-09-28 10:00'))).toBe(true) // make-up Sunday before 国庆
  })

  it('skips 春节 2025 (01-28 … 02-04) and works Saturday 2025-02-08', () => {
    expect(iso(add('2025-01-27 17:00', 120))).toBe(iso(bj('2025-02-05 10:00')))
    expect(iso(nextWorkingInstant(cn, bj('2025-01-28 08:00')))).toBe(iso(bj('2025-02-05 09:00')))
    expect(iso(add('2025-02-07 17:30', 60))).toBe(iso(bj('2025-02-08 09:30')))
    expect(businessMinutesBetween(cn, bj('2025-01-20 00:00'), bj('2025-02-10 00:00'))).toBe(
      // Jan 20–24, Jan 26 (Sun, make-up), Jan 27, Feb 5–7, Feb 8 (Sat, make-up) = 11 days
      11 * 450,
    )
  })

  it('subtracts business time (a warning 30 minutes before a due time)', () => {
    expect(iso(add('2025-06-16 09:10', -30))).toBe(iso(bj('2025-06-13 17:40')))
    expect(iso(add('2025-10-09 09:00', -60))).toBe(iso(bj('2025-09-30 17:00')))
    expect(iso(add('2025-06-10 14:00', -60))).toBe(iso(bj('2025-06-10 11:30')))
    expect(businessMinutesBetween(cn, bj('2025-06-16 10:00'), bj('2025-06-13 17:00'))).toBe(-120)
  })

  it('decides working days by Beijing time, not UTC', () => {
    // 2025-06-13T16:30Z is Friday in UTC but Saturday 00:30 in Beijing.
    expect(isWorkingTime(cn, new Date('2025-06-13T16:30:00Z'))).toBe(false)
    // 2025-06-09T23:30Z is Monday in UTC, Tuesday 07:30 in Beijing: opens at 01:00Z.
    expect(iso(nextWorkingInstant(cn, new Date('2025-06-09T23:30:00Z')))).toBe('2025-06-10T01:00:00.000Z')
    expect(isWorkingTime(cn, new Date('2025-06-10T01:00:00Z'))).toBe(true)
    expect(isWorkingTime(cn, new Date('2025-06-10T10:00:00Z'))).toBe(false) // 18:00 Beijing: closed
    expect(isWorkingTime(cn, new Date('2025-06-10T09:59:59Z'))).toBe(true)
  })

  it('the same hours in another zone are other instants', () => {
    const london = createCalendar({ timeZone: 'Europe/London', weekly: { 2: ['09:00-17:00'] } })
    expect(iso(nextWorkingInstant(london, new Date('2025-06-10T00:00:00Z')))).toBe('2025-06-10T08:00:00.000Z') // BST
    expect(iso(nextWorkingInstant(london, new Date('2025-01-07T00:00:00Z')))).toBe('2025-01-07T09:00:00.000Z') // GMT
  })

  it('counts the real minutes of DST days in a DST zone (America/New_York)', () => {
    const ny = createCalendar('24x7')
    const nyCal = createCalendar({ ...ny.spec, timeZone: 'America/New_York' })
    // Spring forward 2025-03-09: a 23-hour day; fall back 2025-11-02: a 25-hour day.
    expect(businessMinutesBetween(nyCal, new Date('2025-03-09T05:00:00Z'), new Date('2025-03-10T04:00:00Z'))).toBe(23 * 60)
    expect(businessMinutesBetween(nyCal, new Date('2025-11-02T04:00:00Z'), new Date('2025-11-03T05:00:00Z'))).toBe(25 * 60)
    // Sunday hours 01:00–04:00 last two real hours on spring-forward day.
    const night = createCalendar({ timeZone: 'America/New_York', weekly: { 0: ['01:00-04:00'] } })
    expect(businessMinutesBetween(night, new Date('2025-03-09T00:00:00Z'), new Date('2025-03-10T00:00:00Z'))).toBe(120)
    expect(iso(addBusinessMinutes(night, new Date('2025-03-09T00:00:00Z'), 60))).toBe('2025-03-09T07:00:00.000Z') // 03:00 EDT
    // Office hours keep their wall-clock times on both sides of the switch.
    const office = createCalendar({ timeZone: 'America/New_York', weekly: { 5: ['09:00-17:00'], 1: ['09:00-17:00'] } })
    expect(iso(addBusinessMinutes(office, new Date('2025-03-07T21:30:00Z'), 60))).toBe('2025-03-10T13:30:00.000Z') // 16:30 EST + 1 h = 09:30 EDT
  })

  it('round trips: between(a, add(a, n)) = n and add(add(a, n), -n) = a inside working time', () => {
    let seed = 42
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const calendars = [cn, createCalendar({ timeZone: 'America/New_York', weekly: { 1: ['08:00-12:00', '13:00-17:30'], 3: ['00:00-24:00'], 6: ['10:00-11:00'] } })]
    const base = bj('2024-01-01 00:00').getTime()
    for (const cal of calendars) {
      for (let i = 0; i < 400; i++) {
        const a = new Date(base + Math.floor(rand() * 2.5 * 365 * 86_400_000))
        const n = Math.floor(rand() * 20_000)
        const due = addBusinessMinutes(cal, a, n)
        expect(businessMinutesBetween(cal, a, due)).toBeCloseTo(n, 6)
        const start = nextWorkingInstant(cal, a)
        if (n > 0 && isWorkingTime(cal, start))
          expect(addBusinessMinutes(cal, addBusinessMinutes(cal, start, n), -n).getTime()).toBe(start.getTime())
      }
    }
  })

  it('is fast enough for SLA timers: days are skipped whole', () => {
    const t0 = performance.now()
    let x = bj('2025-01-02 10:00').getTime()
    for (let i = 0; i < 20_000; i++) x = addBusinessMinutes(cn, bj('2025-01-02 10:00').getTime() + (i % 500) * 3_600_000, 2 * 450 + (i % 97)).getTime()
    const long = addBusinessMinutes(cn, bj('2004-01-02 10:00'), 450 * 250 * 20) // ~20 working years in one call
    const elapsed = performance.now() - t0
    expect(x).toBeGreaterThan(0)
    expect(long.getUTCFullYear()).toBeGreaterThanOrEqual(2023)
    expect(elapsed).toBeLessThan(2_000) // typically ~100 ms
  })
})
