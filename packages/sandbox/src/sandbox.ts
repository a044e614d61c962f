import { expressionNames } from './names.js'
import { classifyThrown, decode, failure, type Outcome, withDuration } from './outcome.js'
import { Pool } from './pool.js'
import { Slot } from './slot.js'
import type { Sandbox, SandboxInput, SandboxLimits, SandboxOptions, SandboxResult, SandboxStats, SourceMode } from './types.js'
import { DEFAULT_LIMITS } from './types.js'
import { Lru } from './lru.js'

type Limits = Required<SandboxLimits>

/** isolated-vm refuses heaps under 8 MB; a zero/negative timeout would mean "no limit" to it. */
function resolveLimits(base: Limits, override?: SandboxLimits): Limits {
  if (override === undefined) return base // the common case, and the hot path allocates nothing
  const timeoutMs = override?.timeoutMs ?? base.timeoutMs
  const memoryMb = override?.memoryMb ?? base.memoryMb
  return {
    timeoutMs: Number.isFinite(timeoutMs) ? Math.max(1, Math.ceil(timeoutMs)) : base.timeoutMs,
    memoryMb: Number.isFinite(memoryMb) ? Math.max(8, Math.ceil(memoryMb)) : base.memoryMb,
  }
}

/** Input crosses as JSON text: the cheapest copy we measured, and it enforces "plain JSON in". */
function inputJson(input: SandboxInput): string | Outcome {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return failure('runtime', 'input must be an object of named values')
  try { return JSON.stringify(input) }
  catch (err) { return failure('runtime', `input is not JSON-serializable: ${(err as Error).message}`) }
}

/** State shared by a sandbox and its withLimits() views. */
class Shared {
  readonly pools = new Map<number, Pool>()
  /**
   * Expressions that once timed out or blew the heap. They go to the async path from then on,
   * so a hostile formula blocks the host at most once per its timeout, not on every evaluation.
   */
  readonly quarantine = new Lru<string, true>(1_000)
  disposed = false

  constructor(readonly options: SandboxOptions) {}

  pool(memoryMb: number): Pool {
    if (this.disposed) throw new Error('sandbox is disposed')
    let pool = this.pools.get(memoryMb)
    if (pool === undefined) {
      const { poolSize = 2, cacheSize = 500, onCatastrophicError } = this.options
      pool = new Pool(Math.max(1, poolSize), () => new Slot(memoryMb, cacheSize, onCatastrophicError))
      this.pools.set(memoryMb, pool)
    }
    return pool
  }
}

class SandboxView implements Sandbox {
  constructor(private readonly shared: Shared, private readonly limits: Limits) {}

  async run<T>(source: string, input: SandboxInput = {}, limits?: SandboxLimits): Promise<SandboxResult<T>> {
    const startedAt = performance.now()
    const lim = resolveLimits(this.limits, limits)
    const json = inputJson(input)
    if (typeof json !== 'string') return withDuration(json, startedAt)
    const pool = this.shared.pool(lim.memoryMb)
    const slot = await pool.acquire()
    let outcome: Outcome
    try { outcome = decode(await slot.runScript(String(source), json, lim.timeoutMs)) }
    catch (err) { outcome = classifyThrown(err, lim) }
    // Hand the slot on only once its next context exists: a fast-path applySync on it must never
    // queue behind an in-flight createContext. The caller does not wait for this.
    void slot.refill().finally(() => pool.release(slot))
    return withDuration(outcome, startedAt)
  }

  evaluate<T>(expression: string, input: SandboxInput = {}, limits?: SandboxLimits): Promise<SandboxResult<T>> {
    const startedAt = performance.now()
    const lim = resolveLimits(this.limits, limits)
    const json = inputJson(input)
    if (typeof json !== 'string') return Promise.resolve(withDuration(json, startedAt))
    expression = String(expression)
    const names = expressionNames(input)
    const key = `${names}\n${expression}`
    let pool: Pool
    let fast: Slot | undefined
    try {
      pool = this.shared.pool(lim.memoryMb)
      fast = this.shared.quarantine.get(expression) === undefined ? pool.tryAcquire() : undefined
    }
    catch (err) { return Promise.reject(err) } // disposed, or no isolate could be created
    if (fast !== undefined) {
      // Warm path: no promise hop to another thread; the result is ready when applySync returns.
      let outcome: Outcome
      try { outcome = decode(fast.evaluateSync(key, names, expression, json, lim.timeoutMs)) }
      catch (err) { outcome = this.thrown(expression, err, lim) }
      finally { pool.release(fast) }
      return Promise.resolve(withDuration<T>(outcome, startedAt))
    }
    return pool.acquire().then(async (slot) => {
      let outcome: Outcome
      try { outcome = decode(await slot.evaluateAsync(key, names, expression, json, lim.timeoutMs)) }
      catch (err) { outcome = this.thrown(expression, err, lim) }
      finally { pool.release(slot) }
      return withDuration<T>(outcome, startedAt)
    })
  }

  async check(source: string, mode: SourceMode = 'script'): Promise<string | undefined> {
    const pool = this.shared.pool(this.limits.memoryMb)
    const slot = await pool.acquire()
    try {
      return mode === 'expression'
        ? slot.checkExpression(String(source), this.limits.timeoutMs)
        : await slot.checkScript(String(source))
    }
    finally { pool.release(slot) }
  }

  withLimits(limits: SandboxLimits): Sandbox {
    return new SandboxView(this.shared, resolveLimits(this.limits, limits))
  }

  stats(): SandboxStats {
    let isolates = 0
    let replacedIsolates = 0
    for (const pool of this.shared.pools.values()) {
      isolates += pool.isolates
      replacedIsolates += pool.replaced
    }
    return { isolates, replacedIsolates, quarantined: this.shared.quarantine.size }
  }

  dispose(): void {
    this.shared.disposed = true
    for (const pool of this.shared.pools.values()) pool.dispose()
    this.shared.pools.clear()
  }

  private thrown(expression: string, err: unknown, lim: Limits): Outcome {
    const outcome = classifyThrown(err, lim)
    if (!outcome.ok && (outcome.error.code === 'timeout' || outcome.error.code === 'memory'))
      this.shared.quarantine.set(expression, true)
    return outcome
  }
}

/** Creates a sandbox: warm isolates are created on first use and reused afterwards. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  return new SandboxView(new Shared(options), resolveLimits(DEFAULT_LIMITS, options.limits))
}
