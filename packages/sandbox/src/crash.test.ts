import { afterAll, describe, expect, it } from 'vitest'
import { createSandbox, type Sandbox } from './index.js'
import type { ProcessEngine } from './process/engine.js'

// This test process is the host: every test here passing means it survived what it ran.

/** Bombs that make V8 abort its whole process (docs/performance.md has the full matrix). */
const ABORTING = [
  ['one huge array', 'return new Array(1e8).fill(0).length'],
  ['an array of 2**30', 'return new Array(2 ** 30).fill(0).length'],
  ['doubling a string and flattening it', "let s = 'x'; while (true) { s = s + s; s.charCodeAt(s.length - 1) }"],
] as const
/** Bombs V8 itself turns into exceptions: no crash, but they must fail just as clearly. */
const THROWING = [
  ["'x'.repeat(2**29)", "return 'x'.repeat(2 ** 29).length", /Invalid string length/],
  ['a 2 GB typed array', 'return new Float64Array(2 ** 28).length', /Array buffer allocation failed/],
] as const

// Generous: the time limit must not be what stops a bomb (the abort itself takes V8 1–3 s of GC).
const SLOW = { timeoutMs: 10_000 }

function engineOf(sandbox: Sandbox): ProcessEngine {
  return (sandbox as unknown as { engine: ProcessEngine }).engine
}

/** Resolves once every child is up again (after a crash or a kill). */
async function settled(sandbox: Sandbox, processes: number): Promise<void> {
  for (let i = 0; i < 200 && sandbox.stats().processes !== processes; i++) await new Promise(r => setTimeout(r, 25))
}

const crashes: string[] = []
const sandbox = createSandbox({ onProcessCrash: m => crashes.push(m) })
afterAll(() => sandbox.dispose())

describe('memory bombs in a child process', () => {
  it.each(ABORTING)('%s: run fails with a memory error, the next run works', async (_, bomb) => {
    const r = await sandbox.run(bomb, {}, SLOW)
    expect(r).toMatchObject({ ok: false, error: { code: 'memory', message: expect.stringMatching(/memory/) } })
    expect(await sandbox.run('return 6 * 7')).toMatchObject({ ok: true, value: 42 })
  })

  it.each(ABORTING)('%s: evaluate fails with a memory error, the next evaluate works', async (_, bomb) => {
    const r = await sandbox.evaluate(`(() => { ${bomb} })()`, {}, SLOW)
    expect(r).toMatchObject({ ok: false, error: { code: 'memory' } })
    expect(await sandbox.evaluate('a * 2', { a: 21 })).toMatchObject({ ok: true, value: 42 })
  })

  it.each(THROWING)('%s fails as a runtime error without a crash', async (_, bomb, message) => {
    const before = sandbox.stats().crashedProcesses
    expect(await sandbox.run(bomb, {}, SLOW)).toMatchObject({ ok: false, error: { code: 'runtime', message: expect.stringMatching(message) } })
    expect(await sandbox.evaluate(`(() => { ${bomb} })()`, {}, SLOW)).toMatchObject({ ok: false, error: { code: 'runtime' } })
    expect(sandbox.stats().crashedProcesses).toBe(before)
  })

  it('a bomb that gets its allocation and then cannot be interrupted is stopped by the deadline', async () => {
    // At 8 MB a fresh isolate is granted the 800 MB (isolated-vm's emergency headroom), and the fill
    // then runs in C++ where neither the time limit nor the memory check can stop it. In-process
    // that would hold the host (or, on the synchronous path, its main thread) for as long as it takes.
    const small = createSandbox({ processes: 1, poolSize: 1, limits: { memoryMb: 8 } })
    try {
      await small.run('return 0')
      const started = Date.now()
      const r = await small.run(ABORTING[0][1], {}, { timeoutMs: 500 })
      expect(r.ok).toBe(false)
      // Usually the deadline (limit + GRACE_MS); on a used heap V8 may abort first instead.
      if (!r.ok) expect(r.error.code === 'timeout' || r.error.code === 'memory', r.error.message).toBe(true)
      expect(Date.now() - started).toBeLessThan(6_000)
      expect(await small.run('return "next"')).toMatchObject({ ok: true, value: 'next' })
    }
    finally { small.dispose() }
  })

  it('names the crash in the message and reports it to onProcessCrash', async () => {
    const before = sandbox.stats().crashedProcesses!
    const r = await sandbox.run(ABORTING[0][1], {}, SLOW)
    expect(r).toMatchObject({ ok: false, error: { code: 'memory', message: expect.stringContaining('sandbox process crashed: out of memory') } })
    expect(sandbox.stats().crashedProcesses).toBe(before + 1)
    expect(crashes.at(-1)).toMatch(/out of memory with 1 call\(s\) in flight/)
    await settled(sandbox, 2)
    expect(sandbox.stats()).toMatchObject({ processes: 2 })
  })
})

describe('calls beside a crash', () => {
  it('retries the innocent calls that shared the crashed child, alone, and they succeed', async () => {
    // One child, one isolate: the formulas wait inside the child behind the bomb and are in flight when it dies.
    const messages: string[] = []
    const shared = createSandbox({ poolSize: 1, processes: 1, onProcessCrash: m => messages.push(m) })
    try {
      await shared.run('return 0')
      const bomb = shared.run(ABORTING[0][1], {}, SLOW)
      const formulas = Array.from({ length: 20 }, (_, n) => shared.evaluate('n * 2', { n }, SLOW))
      const [b, ...f] = await Promise.all([bomb, ...formulas])
      expect(b).toMatchObject({ ok: false, error: { code: 'memory' } })
      f.forEach((r, n) => expect(r).toMatchObject({ ok: true, value: n * 2 }))
      // First crash: the bomb and the formulas, culprit unknown. Second: the bomb retried alone.
      expect(messages, messages.join('\n')).toHaveLength(2)
      expect(Number(/with (\d+) call/.exec(messages[0])?.[1])).toBeGreaterThan(1)
      expect(messages[1]).toMatch(/with 1 call\(s\) in flight/)
      // Known now: the same source runs alone from the start and takes nobody else down.
      const again = shared.run(ABORTING[0][1], {}, { timeoutMs: 2_000 })
      const next = shared.evaluate('1 + 1', {})
      const [a, n] = await Promise.all([again, next])
      expect(a.ok).toBe(false)
      expect(n).toMatchObject({ ok: true, value: 2 })
      expect(messages).toHaveLength(3)
      expect(messages[2]).toMatch(/with 1 call\(s\) in flight/)
    }
    finally { shared.dispose() }
  })

  it('keeps serving from the other child while one crashes and restarts', async () => {
    const bomb = sandbox.run(ABORTING[0][1], {}, SLOW)
    const others = []
    for (let i = 0; i < 10; i++) {
      others.push(await sandbox.run('return n + 1', { n: i }))
      await new Promise(r => setTimeout(r, 50))
    }
    others.forEach((r, i) => expect(r).toMatchObject({ ok: true, value: i + 1 }))
    expect(await bomb).toMatchObject({ ok: false, error: { code: 'memory' } })
  })
})

describe('supervision', () => {
  it('a child killed from outside fails its call as crashed and is replaced', async () => {
    await settled(sandbox, 2)
    const before = sandbox.stats().crashedProcesses!
    const spin = sandbox.run('while (true) {}', {}, { timeoutMs: 10_000 })
    await new Promise(r => setTimeout(r, 100))
    const busy = engineOf(sandbox).children().find(c => c.inFlight.size > 0)!
    process.kill(busy.pid!, 'SIGKILL')
    expect(await spin).toMatchObject({ ok: false, error: { code: 'crashed', message: expect.stringContaining('sandbox process crashed: SIGKILL') } })
    expect(sandbox.stats().crashedProcesses).toBe(before + 1)
    expect(await sandbox.run('return "after"')).toMatchObject({ ok: true, value: 'after' })
    await settled(sandbox, 2)
    expect(sandbox.stats().processes).toBe(2)
  })

  it('a hung child is killed after its deadline and the call times out', async () => {
    const hung = createSandbox({ processes: 1, poolSize: 1 })
    try {
      expect(await hung.run('return 1')).toMatchObject({ ok: true })
      const [child] = engineOf(hung).children()
      process.kill(child.pid!, 'SIGSTOP')
      const started = Date.now()
      const r = await hung.run('return 2', {}, { timeoutMs: 100 })
      expect(r).toMatchObject({ ok: false, error: { code: 'timeout', message: expect.stringContaining('stopped answering') } })
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000)
      expect(Date.now() - started).toBeLessThan(5_000)
      expect(await hung.run('return 3')).toMatchObject({ ok: true, value: 3 })
    }
    finally { hung.dispose() }
  })

  it('backs off when a child keeps dying young', async () => {
    const messages: string[] = []
    const flaky = createSandbox({ processes: 1, poolSize: 1, onProcessCrash: m => messages.push(m) })
    try {
      for (let i = 0; i < 3; i++) {
        expect(await flaky.run('return 1')).toMatchObject({ ok: true })
        process.kill(engineOf(flaky).children()[0].pid!, 'SIGKILL')
        while (messages.length <= i) await new Promise(r => setTimeout(r, 10))
      }
      expect(messages[0]).toMatch(/restarting$/)
      expect(messages[1]).toMatch(/restarting in 100 ms$/)
      expect(messages[2]).toMatch(/restarting in 200 ms$/)
      expect(await flaky.run('return "back"')).toMatchObject({ ok: true, value: 'back' })
    }
    finally { flaky.dispose() }
  })

  it('dispose rejects calls in flight and stops the children', async () => {
    const short = createSandbox()
    await short.run('return 1')
    const pids = engineOf(short).children().map(c => c.pid!)
    const pending = short.run('while (true) {}', {}, { timeoutMs: 5_000 })
    short.dispose()
    await expect(pending).rejects.toThrow(/disposed/)
    await new Promise(r => setTimeout(r, 200))
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow()
  })
})
