import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { Engine, Limits, Reply } from '../engine.js'
import { Lru } from '../lru.js'
import type { SandboxError, SandboxStats, SourceMode } from '../types.js'
import { Child, type ChildEvents, type Death, type Flight, type Job } from './child-host.js'
import type { ChildConfig, Op } from './protocol.js'

export interface ProcessOptions {
  poolSize: number
  cacheSize: number
  limits: Limits
  processes?: number
  onProcessCrash?: (message: string) => void
  /** Tests only: another child entry / Node flags (e.g. to make every start fail). */
  entry?: string
  execArgv?: string[]
}

/** A child that lived this long had no problem starting: its death restarts the back-off. */
const STABLE_MS = 10_000
const MAX_BACKOFF_MS = 5_000
/** Children in a row that died before they were ready, after which waiting calls are rejected. */
const MAX_START_FAILURES = 3
/** Calls in flight per isolate of a child (see pick). */
const PIPELINE = 16

// Built, this file is dist/process/engine.js next to child.js. Running from the TypeScript sources
// (vitest, benches), the child is bundled from them first (dev-build.cjs, never shipped).
function childEntry(): string {
  if (!import.meta.url.endsWith('.ts')) return fileURLToPath(new URL('./child.js', import.meta.url))
  const { buildChild } = createRequire(import.meta.url)('./dev-build.cjs') as { buildChild(): string }
  return buildChild()
}

// isolated-vm 5 needs it on Node 20; the host's own flags (vitest's, inspectors) are not passed on.
const EXEC_ARGV = ['--no-node-snapshot']

function crashError(job: Job, death: Death): SandboxError {
  return death.memory
    ? { code: 'memory', message: `sandbox process crashed: out of memory (an allocation beyond the ${job.limits.memoryMb} MB memory limit); it was restarted` }
    : { code: 'crashed', message: `sandbox process crashed: ${death.reason}; it was restarted` }
}

/**
 * Supervises N child processes, each holding its share of the pool's isolates. Calls queue here
 * and go to the least busy ready child (see pick). Each call in flight has a deadline: its time
 * limit, plus those of the calls ahead of it on that child, plus GRACE_MS; a child that misses one
 * counts as hung and is killed. A dead child is replaced at once, then with exponential back-off
 * while it keeps dying young.
 */
export class ProcessEngine implements Engine, ChildEvents {
  private readonly slots: Array<Child | undefined>
  private readonly shares: number[]
  private readonly config: string[]
  private readonly failures: number[]
  private readonly respawns: Array<NodeJS.Timeout | undefined>
  private readonly queue: Job[] = []
  /** Sources that crashed a child while alone on it: they always run alone, so they take nobody down with them. */
  private readonly crashers = new Lru<string, true>(1_000)
  private entry?: string
  /** Held while calls wait for a child, which nothing else keeps alive (children are unref'd). */
  private keepAlive?: NodeJS.Timeout
  private disposed = false
  private crashed = 0
  private retiredReplaced = 0

  constructor(private readonly options: ProcessOptions) {
    const count = Math.max(1, Math.min(Math.floor(options.processes ?? 2), options.poolSize))
    this.shares = Array.from({ length: count }, (_, i) => Math.floor(options.poolSize / count) + (i < options.poolSize % count ? 1 : 0))
    this.config = this.shares.map(poolSize => JSON.stringify({ poolSize, cacheSize: options.cacheSize, limits: options.limits } satisfies ChildConfig))
    this.slots = Array.from({ length: count }, () => undefined)
    this.failures = Array.from({ length: count }, () => 0)
    this.respawns = Array.from({ length: count }, () => undefined)
    // Start now: a child takes ~0.3–0.5 s to boot (Node without its startup snapshot), and a
    // server should not make its first script wait for that.
    for (let i = 0; i < count; i++) this.spawn(i)
  }

  run(source: string, json: string, limits: Limits): Promise<Reply> {
    return this.submit('r', source, json, '', limits) as Promise<Reply>
  }

  evaluate(expression: string, names: string, json: string, limits: Limits): Promise<Reply> {
    return this.submit('e', expression, json, names, limits) as Promise<Reply>
  }

  check(source: string, mode: SourceMode, limits: Limits): Promise<string | undefined> {
    return this.submit(mode === 'expression' ? 'x' : 'c', source, '', '', limits) as Promise<string | undefined>
  }

  stats(): SandboxStats {
    let isolates = 0
    let replacedIsolates = this.retiredReplaced
    let quarantined = 0
    let processes = 0
    for (const child of this.slots) {
      if (child === undefined) continue
      isolates += child.stats.isolates
      replacedIsolates += child.stats.replacedIsolates
      quarantined += child.stats.quarantined
      if (child.state === 'ready') processes++
    }
    return { isolates, replacedIsolates, quarantined, processes, crashedProcesses: this.crashed }
  }

  dispose(): void {
    this.disposed = true
    const err = new Error('sandbox is disposed')
    for (const timer of this.respawns) clearTimeout(timer)
    for (const child of this.slots) child?.abort(err)
    for (const job of this.queue.splice(0)) job.reject(err)
    clearInterval(this.keepAlive)
  }

  /** The live children, for tests that need to kill or stop one. */
  children(): Child[] {
    return this.slots.filter((c): c is Child => c !== undefined)
  }

  ready(): void { this.pump() }

  done(): void { if (this.queue.length > 0) this.pump() }

  exit(child: Child, flights: Flight[], death: Death): void {
    const i = this.slots.indexOf(child)
    if (i === -1 || this.disposed) return
    this.slots[i] = undefined
    this.retiredReplaced += child.stats.replacedIsolates
    this.crashed++
    // Alone on the child, a call is the culprit. Beside others it may be innocent: run each again, alone.
    const culpritKnown = flights.length === 1
    const retry: Job[] = []
    for (const { job, timedOut } of flights) {
      if (timedOut) this.settle(job, { code: 'timeout', message: `script exceeded the ${job.limits.timeoutMs} ms time limit (the sandbox process stopped answering and was restarted)` })
      else if (culpritKnown || job.retried) {
        if (culpritKnown) this.crashers.set(job.source, true)
        this.settle(job, crashError(job, death))
      }
      else retry.push({ ...job, solo: true, retried: true })
    }
    this.queue.unshift(...retry)
    this.failures[i] = death.livedMs > STABLE_MS ? 1 : this.failures[i] + 1
    const delay = this.failures[i] <= 1 ? 0 : Math.min(MAX_BACKOFF_MS, 100 * 2 ** (this.failures[i] - 2))
    try { this.options.onProcessCrash?.(`sandbox process ${child.pid ?? '?'} ${death.reason} with ${flights.length} call(s) in flight; restarting${delay > 0 ? ` in ${delay} ms` : ''}`) }
    catch {} // a logging hook must not break supervision
    if (!death.wasReady && this.failures[i] >= MAX_START_FAILURES && !this.slots.some(c => c?.state === 'ready')) {
      const err = new Error(`sandbox process failed to start: ${death.reason}`)
      for (const job of this.queue.splice(0)) job.reject(err)
    }
    this.respawn(i, delay)
    this.pump() // the retries may fit on another child right away
  }

  private submit(op: Op, source: string, json: string, names: string, limits: Limits): Promise<unknown> {
    if (this.disposed) return Promise.reject(new Error('sandbox is disposed'))
    return new Promise((resolve, reject) => {
      const solo = this.crashers.size > 0 && this.crashers.get(source) !== undefined
      this.queue.push({ op, source, json, names, limits, resolve, reject, solo, retried: false })
      this.pump()
    })
  }

  /** Check results reject on a crash (it is the sandbox failing, not the source); run and evaluate resolve. */
  private settle(job: Job, error: SandboxError): void {
    if (job.op === 'c' || job.op === 'x') job.reject(new Error(error.message))
    else job.resolve(error)
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const child = this.pick(this.queue[0])
      if (child === undefined) break
      child.send(this.queue.shift()!)
    }
    if (this.queue.length > 0) this.keepAlive ??= setInterval(() => {}, 1 << 30)
    else if (this.keepAlive !== undefined) {
      clearInterval(this.keepAlive)
      this.keepAlive = undefined
    }
  }

  /**
   * The least busy ready child that has room; ties go to the first, so one-at-a-time callers keep
   * hitting one warm compile cache. Runs and checks need a free isolate (waiting here, they go to
   * whichever child frees one first). Formulas may queue up to PIPELINE per isolate in the child:
   * they take µs each, and a burst then travels in a few batched writes instead of one round trip
   * each. The deadline budget (Child.send) accounts for any queueing in the child.
   */
  private pick(job: Job): Child | undefined {
    let best: Child | undefined
    for (let i = 0; i < this.slots.length; i++) {
      const child = this.slots[i]
      if (child === undefined || child.state !== 'ready' || child.soloBusy) continue
      const busy = child.inFlight.size
      if (busy === 0) return child
      if (job.solo || busy >= (job.op === 'e' ? this.shares[i] * PIPELINE : this.shares[i])) continue
      if (best === undefined || busy < best.inFlight.size) best = child
    }
    return best
  }

  private respawn(i: number, delay: number): void {
    if (delay === 0) return this.spawn(i)
    this.respawns[i] = setTimeout(() => {
      this.respawns[i] = undefined
      this.spawn(i)
    }, delay).unref() // keepAlive holds the host while calls wait for it
  }

  private spawn(i: number): void {
    if (this.disposed) return
    this.entry ??= this.options.entry ?? childEntry()
    this.slots[i] = new Child(this.entry, this.options.execArgv ?? EXEC_ARGV, this.config[i], this)
  }
}
