import type { Engine, Limits, Reply } from './engine.js'
import { Lru } from './lru.js'
import { classifyThrown } from './outcome.js'
import { Pool } from './pool.js'
import { Slot } from './slot.js'
import type { SandboxStats, SourceMode } from './types.js'

export interface InlineOptions {
  poolSize: number
  cacheSize: number
  onCatastrophicError?: (message: string) => void
}

/**
 * Isolates in this process: one Pool per memory limit. Also what each child process runs inside,
 * so both isolation modes share every line of sandboxing code.
 */
export class InlineEngine implements Engine {
  private readonly pools = new Map<number, Pool>()
  /**
   * Expressions that once timed out or blew the heap. They go to the async path from then on,
   * so a hostile formula blocks the thread at most once per its timeout, not on every evaluation.
   */
  private readonly quarantine = new Lru<string, true>(1_000)
  private disposed = false

  constructor(private readonly options: InlineOptions) {}

  async run(source: string, json: string, lim: Limits): Promise<Reply> {
    const pool = this.pool(lim.memoryMb)
    const slot = await pool.acquire()
    let reply: Reply
    try { reply = await slot.runScript(source, json, lim.timeoutMs) }
    catch (err) { reply = classifyThrown(err, lim) }
    // Hand the slot on only once its next context exists: a fast-path applySync on it must never
    // queue behind an in-flight createContext. The caller does not wait for this.
    void slot.refill().finally(() => pool.release(slot))
    return reply
  }

  evaluate(expression: string, names: string, json: string, lim: Limits): Reply | Promise<Reply> {
    const key = `${names}\n${expression}`
    const pool = this.pool(lim.memoryMb)
    const fast = this.quarantine.get(expression) === undefined ? pool.tryAcquire() : undefined
    if (fast !== undefined) {
      // Warm path: no promise hop to another thread; the result is ready when applySync returns.
      try { return fast.evaluateSync(key, names, expression, json, lim.timeoutMs) }
      catch (err) { return this.thrown(expression, err, lim) }
      finally { pool.release(fast) }
    }
    return pool.acquire().then(async (slot) => {
      try { return await slot.evaluateAsync(key, names, expression, json, lim.timeoutMs) }
      catch (err) { return this.thrown(expression, err, lim) }
      finally { pool.release(slot) }
    })
  }

  async check(source: string, mode: SourceMode, lim: Limits): Promise<string | undefined> {
    const pool = this.pool(lim.memoryMb)
    const slot = await pool.acquire()
    try {
      return mode === 'expression' ? slot.checkExpression(source, lim.timeoutMs) : await slot.checkScript(source)
    }
    finally { pool.release(slot) }
  }

  stats(): SandboxStats {
    let isolates = 0
    let replacedIsolates = 0
    for (const pool of this.pools.values()) {
      isolates += pool.isolates
      replacedIsolates += pool.replaced
    }
    return { isolates, replacedIsolates, quarantined: this.quarantine.size }
  }

  dispose(): void {
    this.disposed = true
    for (const pool of this.pools.values()) pool.dispose()
    this.pools.clear()
  }

  /** Throws when disposed or when no isolate can be created (the caller turns that into a rejection). */
  private pool(memoryMb: number): Pool {
    if (this.disposed) throw new Error('sandbox is disposed')
    let pool = this.pools.get(memoryMb)
    if (pool === undefined) {
      const { poolSize, cacheSize, onCatastrophicError } = this.options
      pool = new Pool(poolSize, () => new Slot(memoryMb, cacheSize, onCatastrophicError))
      this.pools.set(memoryMb, pool)
    }
    return pool
  }

  private thrown(expression: string, err: unknown, lim: Limits): Reply {
    const error = classifyThrown(err, lim)
    if (error.code === 'timeout' || error.code === 'memory') this.quarantine.set(expression, true)
    return error
  }
}
