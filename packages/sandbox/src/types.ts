/** Per-run resource limits. Anything omitted falls back to the sandbox defaults. */
export interface SandboxLimits {
  /** Wall-clock budget for the user code itself (isolated-vm terminates it after this). */
  timeoutMs?: number
  /** Heap limit of the isolate the code runs in; isolated-vm's minimum is 8 MB. */
  memoryMb?: number
}

export const DEFAULT_LIMITS: Readonly<Required<SandboxLimits>> = Object.freeze({ timeoutMs: 50, memoryMb: 32 })

export type SandboxErrorCode = 'timeout' | 'memory' | 'syntax' | 'runtime' | 'output'

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

export interface SandboxOptions {
  /** Isolates kept warm per memory limit (default 2). */
  poolSize?: number
  /** Default limits for every run of this sandbox (e.g. a tenant's plan). */
  limits?: SandboxLimits
  /** Compiled scripts / expressions kept per isolate (default 500). */
  cacheSize?: number
  /**
   * Called when V8 loses control of an isolate (isolated-vm's onCatastrophicError). The process
   * should log, stop serving and exit; without it isolated-vm's own default applies.
   */
  onCatastrophicError?: (message: string) => void
}

export interface SandboxStats {
  /** Live isolates over all pools. */
  isolates: number
  /** Isolates thrown away and recreated (memory-limit failures, external disposal). */
  replacedIsolates: number
  /** Expressions demoted to the asynchronous path because they once timed out or ran out of memory. */
  quarantined: number
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
