import type { SandboxError, SandboxLimits, SandboxStats, SourceMode } from './types.js'

export type Limits = Required<SandboxLimits>

/**
 * What an engine hands back for run/evaluate: the guest's tagged result string (see guest.ts,
 * decoded by the view on the host) or a failure the engine classified itself (limits, crashes).
 * Keeping the raw string lets the process engine pass it through the child without re-encoding.
 */
export type Reply = string | SandboxError

/**
 * Where code runs: in this process (InlineEngine) or in supervised child processes (ProcessEngine).
 * Engines reject only for infrastructure failures (disposed, no isolate or process could be
 * created); everything user code does comes back as a Reply.
 */
export interface Engine {
  run(source: string, json: string, limits: Limits): Promise<Reply>
  /** May answer synchronously: the in-process fast path must not pay for a promise hop. */
  evaluate(expression: string, names: string, json: string, limits: Limits): Reply | Promise<Reply>
  check(source: string, mode: SourceMode, limits: Limits): Promise<string | undefined>
  stats(): SandboxStats
  dispose(): void
}
