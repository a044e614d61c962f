import { describe, expect, it } from 'vitest'
import { fenProblem, fenToYuan, roundFen, sumFen } from './money.js'
import { checkSchema, checkValue } from './value-schema.js'

describe('roundFen (half-up on fen)', () => {
  it('rounds .5 up and below .5 down, after dropping binary noise', () => {
    expect([0, 0.4999, 0.5, 1.5, 2.5, 4999.5, 4166.25].map(roundFen)).toEqual([0, 0, 1, 2, 3, 5000, 4166])
    expect(roundFen(1.15 * 100)).toBe(115) // 114.99999999999999
    expect(roundFen(0.1 * 3 * 10)).toBe(3)
    expect(roundFen(-2.5)).toBe(-3) // half away from zero, symmetric
  })
  it('keeps safe integers exact and refuses what is not a finite safe number', () => {
    expect(roundFen(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER)
    expect(() => roundFen(Number.MAX_SAFE_INTEGER * 2)).toThrow(/safe integer/)
    expect(() => roundFen(Number.NaN)).toThrow(/finite/)
    expect(() => roundFen(Infinity)).toThrow(/finite/)
  })
  it('is self-contained source, because the same text runs inside the sandbox', () => {
    const copy = new Function(`${roundFen.toString()}; return roundFen`)() as typeof roundFen
    expect(copy(4999.5)).toBe(5000)
  })
})

describe('fen checks and formatting', () => {
  it('names what is wrong with a result', () => {
    expect(fenProblem(100)).toBeUndefined()
    expect(fenProblem(0)).toBeUndefined()
    expect(fenProblem(1.5)).toMatch(/whole number/)
    expect(fenProblem(null)).toMatch(/NaN or Infinity/)
    expect(fenProblem('100')).toMatch(/got string/)
    expect(fenProblem(-1)).toMatch(/negative/)
    expect(fenProblem(2 ** 53)).toMatch(/at most 9007199254740991/)
  })
  it('formats yuan from fen by integer arithmetic', () => {
    expect([0, 1, 10, 99, 100, 12345, -5].map(fenToYuan)).toEqual(['0.00', '0.01', '0.10', '0.99', '1.00', '123.45', '-0.05'])
    expect(fenToYuan(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91')
  })
  it('sums exactly and refuses to leave the safe range', () => {
    expect(sumFen([1, '2', 3n])).toBe(6)
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(/safe integer/)
  })
})

describe('value schemas', () => {
  it('rejects unsupported schema keywords by pointer', () => {
    expect(checkSchema({ type: 'object', properties: { x: { pattern: '(a+)+$' } } })).toEqual([{ path: '/properties/x/pattern', message: expect.stringMatching(/not supported/) }])
    expect(checkSchema('integer')).toHaveLength(1)
  })
  it('checks values: integers must be safe, required, enum, nested items', () => {
    const s = { type: 'object' as const, required: ['a'], properties: { a: { type: 'integer' as const, minimum: 0 }, b: { type: 'array' as const, items: { enum: ['x'] } } } }
    expect(checkValue(s, { a: 1, b: ['x'] })).toEqual([])
    expect(checkValue(s, { a: 2 ** 53 })).toEqual([{ path: '/a', message: 'must be at most 9007199254740991' }])
    expect(checkValue(s, { b: ['y'] }).map(p => p.path)).toEqual(['/a', '/b/0'])
  })
})
