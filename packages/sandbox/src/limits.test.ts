import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSandbox } from './index.js'

// Both isolations run the same sandboxing code; process only adds the child around it.
const ISOLATIONS = ['process', 'inline'] as const

describe.each(ISOLATIONS)('%s isolation', (isolation) => {
  const sandbox = createSandbox({ isolation, poolSize: 2 })
  // The first call would otherwise also wait for the child processes to boot (or the first isolate);
  // with process isolation, wait for both children so tests needing two isolates at once get them.
  beforeAll(async () => {
    await sandbox.run('return 0')
    await sandbox.evaluate('0', {})
    while ((sandbox.stats().processes ?? 2) < 2) await new Promise(resolve => setTimeout(resolve, 20))
  })
  afterAll(() => sandbox.dispose())

  /** Counts host timer ticks while `work` runs: proof that the event loop kept turning. */
  async function ticksDuring<T>(work: () => Promise<T>): Promise<{ result: T, ticks: number }> {
    let ticks = 0
    const timer = setInterval(() => { ticks++ }, 5)
    try { return { result: await work(), ticks } }
    finally { clearInterval(timer) }
  }

  const ARRAY_BOMB = 'const a = []; while (true) a.push(new Array(1e5).fill(a.length))'
  // Many real (flat) strings. Not `s = s + s` with flattening: one huge single allocation can hit
  // V8's fatal OOM, which isolated-vm 5 cannot catch (see docs/performance.md, "Sandbox").
  const STRING_BOMB = 'const a = []; while (true) a.push(("工单" + a.length).repeat(500).toUpperCase())'

  describe('timeouts', () => {
    it('ends while(true){} with a timeout at the default 50 ms', async () => {
      const r = await sandbox.run('while (true) {}')
      expect(r).toMatchObject({ ok: false, error: { code: 'timeout', message: 'script exceeded the 50 ms time limit' } })
      expect(r.durationMs).toBeLessThan(1000)
    })

    it('also bounds loops queued as microtasks and endless recursion', async () => {
      const micro = await sandbox.run('Promise.resolve().then(() => { while (true) {} }); return 1')
      expect(micro).toMatchObject({ ok: false, error: { code: 'timeout' } })
      // The default 50 ms is wall-clock: on a loaded machine running out of stack can take longer.
      const deep = await sandbox.run('return (function f() { return f() })()', {}, { timeoutMs: 1_000 })
      expect(deep).toMatchObject({ ok: false, error: { code: 'runtime', message: expect.stringContaining('call stack') } })
    })

    it('keeps the host event loop turning and other runs served while a script spins', async () => {
      const { result, ticks } = await ticksDuring(async () => {
        let spinDone = false
        const spin = sandbox.run('while (true) {}', {}, { timeoutMs: 400 }).finally(() => { spinDone = true })
        const meanwhile = await sandbox.run('return 1 + 1')
        const expr = await sandbox.evaluate('2 + 2', {})
        return { spinDoneFirst: spinDone, spin: await spin, meanwhile, expr }
      })
      expect(result.spin).toMatchObject({ ok: false, error: { code: 'timeout' } })
      // Served by the second isolate while the first one was still spinning.
      expect(result.spinDoneFirst).toBe(false)
      expect(result.meanwhile).toMatchObject({ ok: true, value: 2 })
      expect(result.expr).toMatchObject({ ok: true, value: 4 })
      expect(ticks).toBeGreaterThanOrEqual(20)
      expect(await sandbox.run('return "still fine"')).toMatchObject({ ok: true, value: 'still fine' })
    })

    it('blocks the host at most once for a spinning expression, then quarantines it', async () => {
      const spin = '(() => { while (true) {} })()'
      const first = await sandbox.evaluate(spin, {}, { timeoutMs: 100 })
      expect(first).toMatchObject({ ok: false, error: { code: 'timeout' } })
      expect(sandbox.stats().quarantined).toBeGreaterThanOrEqual(1)
      const { result, ticks } = await ticksDuring(() => sandbox.evaluate(spin, {}, { timeoutMs: 300 }))
      expect(result).toMatchObject({ ok: false, error: { code: 'timeout' } })
      expect(ticks).toBeGreaterThanOrEqual(15)
      expect(await sandbox.evaluate('1 + 1', {})).toMatchObject({ ok: true, value: 2 })
    })
  })

  describe('memory', () => {
    it.each([['growing arrays', ARRAY_BOMB], ['growing strings', STRING_BOMB]])(
      'fails a memory bomb of %s, replaces the isolate, and the next run works',
      async (_, bomb) => {
        const before = sandbox.stats().replacedIsolates
        const r = await sandbox.run(bomb, {}, { timeoutMs: 10_000 })
        expect(r).toMatchObject({ ok: false, error: { code: 'memory', message: 'script exceeded the 32 MB memory limit' } })
        await new Promise(resolve => setTimeout(resolve, 20)) // the slot is handed back after its refill
        expect(await sandbox.run('return "ok"')).toMatchObject({ ok: true, value: 'ok' })
        expect(await sandbox.evaluate('"ok"', {})).toMatchObject({ ok: true, value: 'ok' })
        expect(sandbox.stats().replacedIsolates).toBe(before + 1)
        expect(sandbox.stats().isolates).toBeLessThanOrEqual(2)
      },
    )

    it('fails an expression memory bomb on the fast path and recovers', async () => {
      const before = sandbox.stats().replacedIsolates
      const r = await sandbox.evaluate(`(() => { ${ARRAY_BOMB} })()`, {}, { timeoutMs: 10_000 })
      expect(r).toMatchObject({ ok: false, error: { code: 'memory' } })
      expect(sandbox.stats().replacedIsolates).toBe(before + 1)
      expect(await sandbox.evaluate('ticket.hours * 2', { ticket: { hours: 4 } })).toMatchObject({ ok: true, value: 8 })
    })

    it('honours a per-call memory limit with its own isolates', async () => {
      const big = await sandbox.run('const a = new Array(4e6).fill(1.5); return a.length', {}, { memoryMb: 128, timeoutMs: 5000 })
      expect(big).toMatchObject({ ok: true, value: 4e6 })
      const small = await sandbox.run('const a = new Array(4e6).fill(1.5); return a.length', {}, { memoryMb: 8, timeoutMs: 5000 })
      expect(small).toMatchObject({ ok: false, error: { code: 'memory', message: expect.stringContaining('8 MB') } })
    })
  })
})
