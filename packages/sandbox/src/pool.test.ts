import { describe, expect, it } from 'vitest'
import { createSandbox } from './index.js'
import { Lru } from './lru.js'

describe.each(['process', 'inline'] as const)('pool (%s isolation)', (isolation) => {
  it('reuses its warm isolates instead of creating new ones', async () => {
    const sandbox = createSandbox({ isolation, poolSize: 2 })
    try {
      for (let i = 0; i < 30; i++) {
        expect(await sandbox.run('return n * 2', { n: i })).toMatchObject({ ok: true, value: i * 2 })
        expect(await sandbox.evaluate('n * 3', { n: i })).toMatchObject({ ok: true, value: i * 3 })
      }
      expect(sandbox.stats().isolates).toBeLessThanOrEqual(2)
      expect(sandbox.stats().replacedIsolates).toBe(0)
    }
    finally { sandbox.dispose() }
  })

  it('serves many parallel runs with correct, unmixed results', async () => {
    const sandbox = createSandbox({ isolation, poolSize: 3 })
    try {
      // Timeouts are wall-clock: with test files running side by side, be generous. This is about
      // results not getting mixed up between runs, not about limits.
      const limits = { timeoutMs: 2_000 }
      const jobs = Array.from({ length: 120 }, (_, i) => {
        const input = { ticket: { id: `工单-${i}`, hours: i }, rate: 10 }
        if (i % 3 === 0) return sandbox.run('return ticket.id + ":" + ticket.hours * rate', input, limits)
        if (i % 3 === 1) return sandbox.evaluate('ticket.id + ":" + ticket.hours * rate', input, limits)
        const loop = 'let s = 0; for (let k = 0; k < 1e4; k++) s += 1; return ticket.id + ":" + (s / 1e3 * ticket.hours)'
        return sandbox.run(loop, input, limits)
      })
      const results = await Promise.all(jobs)
      results.forEach((r, i) => expect(r).toMatchObject({ ok: true, value: `工单-${i}:${i * 10}` }))
      expect(sandbox.stats().isolates).toBeLessThanOrEqual(3)
    }
    finally { sandbox.dispose() }
  })

  it('rejects calls after dispose', async () => {
    const sandbox = createSandbox({ isolation })
    await sandbox.run('return 1')
    sandbox.dispose()
    await expect(sandbox.run('return 1')).rejects.toThrow(/disposed/)
    await expect(sandbox.evaluate('1', {})).rejects.toThrow(/disposed/)
  })
})

describe('Lru', () => {
  it('evicts the least recently used entry', () => {
    const evicted: number[] = []
    const lru = new Lru<string, number>(2, v => evicted.push(v))
    lru.set('a', 1)
    lru.set('b', 2)
    lru.get('a')
    lru.set('c', 3)
    expect(evicted).toEqual([2])
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3])
  })
})
