import { createSandbox } from '@scrm/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { distance, hourlyLabour, nightUrgent, problemLevel, tieredRebate } from './builtin.js'
import { evaluateFormula, type RunnableFormula } from './run.js'

// The formulas run where they run in production: isolated-vm in the supervised child processes.
const box = createSandbox({ limits: { timeoutMs: 2000 } })
beforeAll(async () => { await box.run('return 0') })
afterAll(() => box.dispose())

const run = (f: RunnableFormula, inputs: Record<string, unknown>, params: Record<string, unknown> = {}) => evaluateFormula(box, f, inputs, params)
const amount = async (f: RunnableFormula, inputs: Record<string, unknown>, params: Record<string, unknown> = {}) => {
  const r = await run(f, inputs, params)
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`)
  return r.amountFen
}
const MAX = Number.MAX_SAFE_INTEGER
const WAN = 10000 * 100 // 1万 yuan in fen

describe('labour.hourly', () => {
  it('bills hours × rate with minutes rounded half-up and one half-up on fen', async () => {
    expect(await amount(hourlyLabour, { hours: 0 }, { rateFen: 12000 })).toBe(0)
    expect(await amount(hourlyLabour, { hours: 2.5 }, { rateFen: 12000 })).toBe(30000)
    // 1.25 h at 33.33 yuan: 75 min × 3333 / 60 = 4166.25 → 4166
    expect(await amount(hourlyLabour, { hours: 1.25 }, { rateFen: 3333 })).toBe(4166)
    // 1 min at 0.30 yuan/h = 0.5 fen → 1 (half-up)
    expect(await amount(hourlyLabour, { hours: 1 / 60 }, { rateFen: 30 })).toBe(1)
    // 0.1 h = 6 min; decimal noise (0.1 × 60 = 6.000000000000001) does not add a minute
    expect(await amount(hourlyLabour, { hours: 0.1 }, { rateFen: 6000 })).toBe(600)
  })

  it('rounds up to the billing increment and applies the minimum', async () => {
    expect(await amount(hourlyLabour, { hours: 1.1 }, { rateFen: 6000, incrementMinutes: 30 })).toBe(9000) // 66 → 90 min
    expect(await amount(hourlyLabour, { hours: 0.2 }, { rateFen: 6000, minimumMinutes: 60 })).toBe(6000)
  })

  it('rejects amounts past the safe integer range instead of rounding them', async () => {
    const r = await run(hourlyLabour, { hours: 2 }, { rateFen: MAX })
    expect(r).toMatchObject({ ok: false, code: 'runtime' })
    expect(r.ok || r.message).toMatch(/safe integer/)
    expect(await run(hourlyLabour, { hours: 1 }, { rateFen: MAX + 1 })).toMatchObject({ ok: false, code: 'params' })
    expect(await run(hourlyLabour, { hours: -1 }, { rateFen: 100 })).toMatchObject({ ok: false, code: 'inputs', message: 'inputs/hours must be ≥ 0' })
  })
})

describe('logistics.distance', () => {
  const params = { baseFen: 2000, includedKm: 3, tiers: [{ upToKm: 10, perKmFen: 300 }, { upToKm: 50, perKmFen: 200 }, { perKmFen: 150 }] }
  it('charges the base, nothing within the included km, then each tier for its slice', async () => {
    expect(await amount(distance, { km: 0 }, params)).toBe(2000)
    expect(await amount(distance, { km: 3 }, params)).toBe(2000)
    expect(await amount(distance, { km: 10 }, params)).toBe(2000 + 7 * 300)
    expect(await amount(distance, { km: 10.5 }, params)).toBe(2000 + 7 * 300 + 100)
    expect(await amount(distance, { km: 60 }, params)).toBe(2000 + 7 * 300 + 40 * 200 + 10 * 150)
  })
  it('per-km with a base is one open tier; past a closed last tier is an error', async () => {
    expect(await amount(distance, { km: 12.345 }, { baseFen: 500, tiers: [{ perKmFen: 100 }] })).toBe(500 + 1235)
    expect(await run(distance, { km: 11 }, { tiers: [{ upToKm: 10, perKmFen: 100 }] })).toMatchObject({ ok: false, code: 'runtime' })
  })
})

describe('support.level', () => {
  const params = { fees: { 1: 5000, 2: 12000, L3: 30000 } }
  it('looks the level up in the fee table', async () => {
    expect(await amount(problemLevel, { level: 1 }, params)).toBe(5000)
    expect(await amount(problemLevel, { level: '2' }, params)).toBe(12000)
    expect(await amount(problemLevel, { level: 'L3' }, params)).toBe(30000)
  })
  it('fails on an unknown level and on a fee that is not fen', async () => {
    expect(await run(problemLevel, { level: 'constructor' }, params)).toMatchObject({ ok: false, code: 'runtime' })
    expect(await run(problemLevel, { level: 9 }, params)).toMatchObject({ ok: false, code: 'runtime', message: expect.stringMatching(/no fee for problem level 9/) })
    expect(await run(problemLevel, { level: 1 }, { fees: { 1: 12.5 } })).toMatchObject({ ok: false, code: 'output', message: expect.stringMatching(/whole number/) })
  })
})

describe('service.night-urgent', () => {
  const at = (bj: string) => new Date(`${bj}+08:00`).toISOString()
  it('night is 22:00:00 to 07:59:59 Beijing time, whatever zone the time is written in', async () => {
    expect(await amount(nightUrgent, { baseFen: 10000, at: at('2026-03-02T21:59:59') })).toBe(10000)
    expect(await amount(nightUrgent, { baseFen: 10000, at: at('2026-03-02T22:00:00') })).toBe(15000)
    expect(await amount(nightUrgent, { baseFen: 10000, at: '2026-03-02T23:59:59+08:00' })).toBe(15000)
    expect(await amount(nightUrgent, { baseFen: 10000, at: at('2026-03-03T07:59:59') })).toBe(15000)
    expect(await amount(nightUrgent, { baseFen: 10000, at: '2026-03-03T00:00:00Z' })).toBe(10000) // 08:00 in Beijing
  })
  it('multiplies urgent on top, rounds half-up once, and takes factors from the rule', async () => {
    expect(await amount(nightUrgent, { baseFen: 10000, at: at('2026-03-03T07:59:59'), urgent: true })).toBe(30000)
    expect(await amount(nightUrgent, { baseFen: 333, at: at('2026-03-03T12:00:00'), urgent: true }, { urgentFactor: 1.5 })).toBe(500) // 499.5
    expect(await amount(nightUrgent, { baseFen: 0, at: at('2026-03-03T23:00:00'), urgent: true })).toBe(0)
    expect(await run(nightUrgent, { baseFen: MAX, at: at('2026-03-03T23:00:00') })).toMatchObject({ ok: false, code: 'runtime' })
    expect(await run(nightUrgent, { baseFen: 100, at: 'yesterday' })).toMatchObject({ ok: false, code: 'runtime', message: expect.stringMatching(/not a time/) })
  })
})

describe('sales.tiered-rebate', () => {
  const whole = (amountFen: number, previousFen = 0) => amount(tieredRebate, { amountFen, previousFen }, { mode: 'whole' })
  const marginal = (amountFen: number, previousFen = 0) => amount(tieredRebate, { amountFen, previousFen }, { mode: 'marginal' })

  it('whole amount: the tier reached (inclusive) applies to the whole cumulative amount', async () => {
    expect(await whole(0)).toBe(0)
    expect(await whole(10 * WAN - 1)).toBe(0)
    expect(await whole(10 * WAN)).toBe(3 * WAN * 0.1) // 10万 × 3% = 3000 yuan
    expect(await whole(30 * WAN - 1)).toBe(Math.round((30 * WAN - 1) * 0.03))
    expect(await whole(30 * WAN)).toBe(30 * WAN * 0.05)
    expect(await whole(50 * WAN - 1)).toBe(Math.round((50 * WAN - 1) * 0.05))
    expect(await whole(50 * WAN)).toBe(50 * WAN * 0.08)
    expect(await amount(tieredRebate, { amountFen: 10 * WAN })).toBe(30 * 10000) // whole is the default
  })

  it('marginal: each slice earns its own rate', async () => {
    expect(await marginal(10 * WAN)).toBe(0)
    expect(await marginal(10 * WAN + 100)).toBe(3) // 1 yuan over → 3 fen
    expect(await marginal(30 * WAN)).toBe(20 * WAN * 0.03)
    expect(await marginal(50 * WAN)).toBe(20 * WAN * 0.03 + 20 * WAN * 0.05)
    expect(await marginal(60 * WAN)).toBe(20 * WAN * 0.03 + 20 * WAN * 0.05 + 10 * WAN * 0.08)
  })

  it('a ticket earns the rebate its amount adds to the period, so lines add up to the period rebate', async () => {
    // 8万 then 4万: the second ticket crosses 10万 and carries 12万 × 3%.
    expect(await whole(8 * WAN)).toBe(0)
    expect(await whole(4 * WAN, 8 * WAN)).toBe(12 * WAN * 0.03)
    const a = await marginal(25 * WAN)
    const b = await marginal(30 * WAN, 25 * WAN)
    expect(a + b).toBe(await marginal(55 * WAN))
  })

  it('stays exact near the safe integer limit and refuses to pass it', async () => {
    expect(await amount(tieredRebate, { amountFen: MAX }, { mode: 'whole' })).toBe(Math.floor(MAX / 10000) * 800 + Math.round((MAX % 10000) * 800 / 10000))
    const r = await run(tieredRebate, { amountFen: MAX, previousFen: 1 })
    expect(r).toMatchObject({ ok: false, code: 'runtime', message: expect.stringMatching(/safe integer/) })
  })
})
