import type { Engine, Limits, Reply } from './engine.js'
import { InlineEngine } from './inline.js'
import { expressionNames } from './names.js'
import { failure, type Outcome, toOutcome, withDuration } from './outcome.js'
import { ProcessEngine } from './process/engine.js'
import type { Sandbox, SandboxInput, SandboxLimits, SandboxOptions, SandboxResult, SandboxStats, SourceMode } from './types.js'
import { DEFAULT_LIMITS } from './types.js'

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

/** The public API over an engine: limits, input checks, decoding and timing; withLimits() views share the engine. */
class SandboxView implements Sandbox {
  constructor(private readonly engine: Engine, private readonly limits: Limits) {}

  async run<T>(source: string, input: SandboxInput = {}, limits?: SandboxLimits): Promise<SandboxResult<T>> {
    const startedAt = performance.now()
    const lim = resolveLimits(this.limits, limits)
    const json = inputJson(input)
    if (typeof json !== 'string') return withDuration(json, startedAt)
    return withDuration(toOutcome(await this.engine.run(String(source), json, lim)), startedAt)
  }

  evaluate<T>(expression: string, input: SandboxInput = {}, limits?: SandboxLimits): Promise<SandboxResult<T>> {
    const startedAt = performance.now()
    const lim = resolveLimits(this.limits, limits)
    const json = inputJson(input)
    if (typeof json !== 'string') return Promise.resolve(withDuration(json, startedAt))
    let reply: Reply | Promise<Reply>
    try { reply = this.engine.evaluate(String(expression), expressionNames(input), json, lim) }
    catch (err) { return Promise.reject(err) } // disposed, or no isolate could be created
    if (reply instanceof Promise)
      return reply.then(r => withDuration<T>(toOutcome(r), startedAt))
    return Promise.resolve(withDuration<T>(toOutcome(reply), startedAt))
  }

  check(source: string, mode: SourceMode = 'script'): Promise<string | undefined> {
    try { return this.engine.check(String(source), mode, this.limits) }
    catch (err) { return Promise.reject(err) }
  }

  withLimits(limits: SandboxLimits): Sandbox {
    return new SandboxView(this.engine, resolveLimits(this.limits, limits))
  }

  stats(): SandboxStats { return this.engine.stats() }

  dispose(): void { this.engine.dispose() }
}

/**
 * Creates a sandbox. Isolates (and, with the default `process` isolation, the child processes
 * holding them) are created on first use and reused afterwards.
 */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const poolSize = Math.max(1, Math.floor(options.poolSize ?? 2))
  const cacheSize = Math.max(1, Math.floor(options.cacheSize ?? 500))
  const limits = resolveLimits(DEFAULT_LIMITS, options.limits)
  const engine = options.isolation === 'inline'
    ? new InlineEngine({ poolSize, cacheSize, onCatastrophicError: options.onCatastrophicError })
    : new ProcessEngine({ poolSize, cacheSize, limits, processes: options.processes, onProcessCrash: options.onProcessCrash })
  return new SandboxView(engine, limits)
}
