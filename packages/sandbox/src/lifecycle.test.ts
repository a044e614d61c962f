import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { createSandbox } from './index.js'
import { ProcessEngine } from './process/engine.js'

const LIMITS = { timeoutMs: 50, memoryMb: 32 }
const HOOKS = new URL('../scripts/ts-hooks.mjs', import.meta.url).href
const INDEX = new URL('./index.ts', import.meta.url).href

/** Runs `code` as an ES module in a plain Node host that loads the sandbox from its sources. */
function host(code: string): Promise<{ code: number | null, out: string, ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(process.execPath, ['--no-node-snapshot', '--import',
      `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(HOOKS)})`,
      '--input-type=module', '-e', code.replaceAll('$INDEX', JSON.stringify(INDEX))], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d) => { out += d })
    child.on('close', code => resolve({ code, out, ms: Date.now() - started }))
  })
}

describe('process lifecycle', () => {
  it('children never keep a host alive that forgot dispose(), and go away with it', async () => {
    const r = await host(`
      const { createSandbox } = await import($INDEX)
      const used = createSandbox(), unused = createSandbox()
      const a = await used.run('return 1')
      const b = await used.evaluate('2', {})
      const pids = [used, unused].flatMap(s => s.engine.children().map(c => c.pid))
      console.log(JSON.stringify([a.value, b.value, pids]))`)
    expect(r.code).toBe(0)
    const [a, b, pids] = JSON.parse(r.out) as [number, number, number[]]
    expect([a, b, pids.length]).toEqual([1, 2, 4])
    // Orphaned children see their pipe close and exit (once booted, if they still were).
    const alive = () => pids.filter((pid) => {
      try { return process.kill(pid, 0) }
      catch { return false }
    })
    for (let i = 0; i < 100 && alive().length > 0; i++) await new Promise(r => setTimeout(r, 100))
    expect(alive()).toEqual([])
  })

  it('a waiting call keeps the host alive until a child is up to answer it', async () => {
    const r = await host(`
      const { createSandbox } = await import($INDEX)
      createSandbox().run('return "answered"').then(r => console.log(r.value))`)
    expect(r).toMatchObject({ code: 0, out: 'answered\n' })
  })

  it('rejects waiting calls when children keep failing to start', async () => {
    const crashes: string[] = []
    const engine = new ProcessEngine({
      poolSize: 1, cacheSize: 10, limits: LIMITS, onProcessCrash: m => crashes.push(m),
      execArgv: ['--no-node-snapshot', '--require', '/nonexistent/sandbox-preload.cjs'],
    })
    try {
      await expect(engine.run('return 1', '{}', LIMITS)).rejects.toThrow(/sandbox process failed to start: exit code 1/)
      expect(crashes.length).toBeGreaterThanOrEqual(3)
    }
    finally { engine.dispose() }
  })

  it('reports processes and crashes in stats, and only those with process isolation', async () => {
    const processed = createSandbox({ poolSize: 3, processes: 2 })
    const inline = createSandbox({ isolation: 'inline' })
    try {
      await processed.run('return 1')
      while (processed.stats().processes! < 2) await new Promise(r => setTimeout(r, 20))
      expect(processed.stats()).toMatchObject({ processes: 2, crashedProcesses: 0 })
      await inline.run('return 1')
      expect(inline.stats()).toEqual({ isolates: 1, replacedIsolates: 0, quarantined: 0 })
    }
    finally {
      processed.dispose()
      inline.dispose()
    }
  })
})
