/** Per-run resource limits. Anything omitted falls back to the sandbox defaults. */
export interface SandboxLimits {
  /** Wall-clock budget for the user code itself (isolated-vm terminates it after this). */
  timeoutMs?: number
  /** Heap limit of the isolate the code runs in; isolated-vm's minimum is 8 MB. */
  memoryMb?: number
}

export const DEFAULT_LIMITS: Readonly<Required<SandboxLimits>> = Object.freeze({ timeoutMs: 50, memoryMb: 32 })

/**
 * `crashed`: the sandbox process died under the code for another reason than running out of memory
 * (killed from outside, a V8 or isolated-vm fatal error). The process is replaced automatically.
 */
export type SandboxErrorCode = 'timeout' | 'memory' | 'syntax' | 'runtime' | 'output' | 'crashed'

export interface SandboxError {
  code: SandboxErrorCode
  message: string
}

/** Failures of user code are values, never exceptions: a flow engine must keep going. */
export type SandboxResult<T = unknown> =
  | { ok: true, value: T, durationMs: number }
  | { ok: false, error: SandboxError, durationMs: number }

/** Named globals for the user code (`ticket`, `customer`, `form`, `vars`, ...). Copied in as JSON. */
export type SandboxInput = Record<string, unknown>

export type SourceMode = 'script' | 'expression'

/**
 * Where the isolates live. `process` (default): in supervised child processes, so the few memory
 * bombs that make V8 abort its whole process (see docs/performance.md) only take a child down.
 * `inline`: in this process; about 6× faster for expressions, but such a bomb kills the host.
 */
export type SandboxIsolation = 'process' | 'inline'

export interface SandboxOptions {
  /** Default `process`. */
  isolation?: SandboxIsolation
  /** Isolates kept warm per memory limit (default 2); with `process`, spread over the child processes. */
  poolSize?: number
  /** Child processes for `process` isolation (default 2, at most `poolSize`). */
  processes?: number
  /** Default limits for every run of this sandbox (e.g. a tenant's plan). */
  limits?: SandboxLimits
  /** Compiled scripts / expressions kept per isolate (default 500). */
  cacheSize?: number
  /**
   * `inline` only: called when V8 loses control of an isolate (isolated-vm's onCatastrophicError).
   * Without it V8 aborts the process. With it, isolated-vm parks the failing thread forever
   * instead: that run never resolves, and a formula on the synchronous path freezes the calling
   * thread. process.exit() from the handler can deadlock on that thread; log, then
   * process.abort(). With `process` the child aborts and is replaced; see onProcessCrash.
   */
  onCatastrophicError?: (message: string) => void
  /** `process` only: a child process died (or hung and was killed) and is being replaced. For logs and metrics. */
  onProcessCrash?: (message: string) => void
}

export interface SandboxStats {
  /** Live isolates over all pools. */
  isolates: number
  /** Isolates thrown away and recreated (memory-limit failures, external disposal). */
  replacedIsolates: number
  /** Expressions demoted to the asynchronous path because they once timed out or ran out of memory. */
  quarantined: number
  /** `process` isolation: child processes running now. */
  processes?: number
  /** `process` isolation: child processes that crashed or hung and were replaced. */
  crashedProcesses?: number
}

export interface Sandbox {
  /** Runs a function body (`return ticket.fields.hours * 12000`) in a fresh context. */
  run<T = unknown>(source: string, input?: SandboxInput, limits?: SandboxLimits): Promise<SandboxResult<T>>
  /** Evaluates one expression (`ticket.hours * rate`) on the warm fast path. */
  evaluate<T = unknown>(expression: string, input?: SandboxInput, limits?: SandboxLimits): Promise<SandboxResult<T>>
  /** Compiles without running: the syntax error message, or undefined when the source is valid. */
  check(source: string, mode?: SourceMode): Promise<string | undefined>
  /** A view with other default limits (per tenant) sharing this sandbox's isolates and caches. */
  withLimits(limits: SandboxLimits): Sandbox
  stats(): SandboxStats
  /** Disposes every isolate; later calls reject. */
  dispose(): void
}
