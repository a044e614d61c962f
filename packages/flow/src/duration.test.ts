import { describe, expect, it } from 'vitest'
import { DurationError, formatDuration, isDuration, parseDuration, warnOffset } from './duration.js'

const H = 3_600_000
const M = 60_000

describe('parseDuration', () => {
  it.each([
    ['PT2H', 2 * H],
    ['P1DT30M', 24 * H + 30 * M],
    ['PT0.5S', 500],
    ['PT0,5S', 500],
    ['P1W', 7 * 24 * H],
    ['P2D', 48 * H],
    ['PT1H30M15S', H + 30 * M + 15_000],
    ['PT1.5H', 1.5 * H],
    ['PT0S', 0],
    ['PT36H', 36 * H],
    ['P1DT0.001S', 24 * H + 1],
  ])('%s = %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms)
    expect(isDuration(input)).toBe(true)
  })

  it.each([
    ['', /expected a form like/],
    ['P', /no components/],
    ['PT', /"T" must be followed/],
    ['P1DT', /"T" must be followed/],
    ['2H', /expected a form like/],
    ['pt2h', /expected a form like/],
    ['PT2X', /expected a form like/],
    ['PT-1H', /expected a form like/],
    ['P1Y', /years have no fixed length/],
    ['P2M', /months have no fixed length/],
    ['PT1.5H30M', /only the last component/],
    ['P1H', /expected a form like/],
    ['PT30M1H', /expected a form like/],
    [' PT1H', /expected a form like/],
  ])('rejects %j', (input, reason) => {
    expect(() => parseDuration(input)).toThrow(DurationError)
    expect(() => parseDuration(input)).toThrow(reason)
    expect(isDuration(input)).toBe(false)
  })

  it('rejects non-strings with a clear message', () => {
    expect(() => parseDuration(7200 as never)).toThrow('Invalid ISO-8601 duration 7200: not a string')
  })
})

describe('formatDuration', () => {
  it.each([
    [0, 'PT0S'],
    [500, 'PT0.5S'],
    [2 * H, 'PT2H'],
    [24 * H + 30 * M, 'P1DT30M'],
    [3 * 24 * H, 'P3D'],
    [H + 1, 'PT1H0.001S'],
    [90 * M, 'PT1H30M'],
  ])('%d ms = %s', (ms, iso) => {
    expect(formatDuration(ms)).toBe(iso)
    expect(parseDuration(iso)).toBe(ms)
  })

  it('round-trips to a canonical form', () => {
    expect(formatDuration(parseDuration('PT36H'))).toBe('P1DT12H')
    expect(formatDuration(parseDuration('P1W'))).toBe('P7D')
  })

  it('rejects negative and non-finite input', () => {
    expect(() => formatDuration(-1)).toThrow(DurationError)
    expect(() => formatDuration(Number.NaN)).toThrow(/finite number/)
  })
})

describe('warnOffset', () => {
  it('percentage of the target or a duration before it', () => {
    expect(warnOffset('80%', 2 * H)).toBe(96 * M)
    expect(warnOffset('PT30M', 2 * H)).toBe(90 * M)
  })

  it('rejects warnings at or after the target', () => {
    expect(() => warnOffset('100%', H)).toThrow(/between 0% and 100%/)
    expect(() => warnOffset('PT1H', H)).toThrow(/before the target/)
    expect(() => warnOffset('soon', H)).toThrow(DurationError)
  })
})
