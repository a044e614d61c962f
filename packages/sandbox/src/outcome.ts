import type { Reply } from './engine.js'
import type { SandboxError, SandboxErrorCode, SandboxResult } from './types.js'

/** What a run produced before timing is attached: a value or a classified error. */
export type Outcome = { ok: true, value: unknown } | { ok: false, error: SandboxError }

export function failure(code: SandboxErrorCode, message: string): Outcome {
  return { ok: false, error: { code, message } }
}

const TAG_VALUE = 61 // '='
const TAG_UNDEFINED = 95 // '_'
const TAG_RUNTIME = 33 // '!'
const TAG_OUTPUT = 35 // '#'
const TAG_SYNTAX = 63 // '?'

/** Turns the guest's tagged result string (see guest.ts) into an outcome. */
export function decode(raw: unknown): Outcome {
  if (typeof raw !== 'string' || raw.length === 0)
    return failure('output', 'the sandbox returned no result')
  const body = raw.slice(1)
  switch (raw.charCodeAt(0)) {
    case TAG_VALUE:
      // Parsing on the host is the real guarantee that only plain JSON leaves the sandbox.
      try { return { ok: true, value: JSON.parse(body) } }
      catch { return failure('output', 'the result is not valid JSON') }
    case TAG_UNDEFINED: return { ok: true, value: undefined }
    case TAG_RUNTIME: return failure('runtime', body)
    case TAG_OUTPUT: return failure('output', body)
    case TAG_SYNTAX: return failure('syntax', body)
    default: return failure('output', 'the sandbox returned an unknown result')
  }
}

/** An engine's reply as an outcome: tagged strings are decoded, classified failures pass through. */
export function toOutcome(reply: Reply): Outcome {
  return typeof reply === 'string' ? decode(reply) : { ok: false, error: reply }
}

/**
 * Classifies what isolated-vm throws on the host side. User exceptions never get here (the guest
 * catches them), so this is termination by the limits, or the isolate dying under us.
 */
export function classifyThrown(err: unknown, limits: { timeoutMs: number, memoryMb: number }): SandboxError {
  const message = err instanceof Error ? err.message : String(err)
  if (/timed out/i.test(message))
    return { code: 'timeout', message: `script exceeded the ${limits.timeoutMs} ms time limit` }
  if (/memory limit/i.test(message))
    return { code: 'memory', message: `script exceeded the ${limits.memoryMb} MB memory limit` }
  return { code: 'runtime', message: `sandbox failure: ${message}` }
}

/**
 * isolated-vm reports compile errors as "msg [script.js:3:1]"; users want line and column. For
 * scripts an error on the line after the user's last one is our wrapper's closing brace: the
 * script ended early.
 */
export function syntaxMessage(err: unknown, source: string): string {
  const message = err instanceof Error ? err.message : String(err)
  const at = /\s*\[[\w.-]+:(\d+):(\d+)\]$/.exec(message)
  if (at === null) return message
  const lines = source.split('\n').length
  return Number(at[1]) > lines
    ? `Unexpected end of script (line ${lines})`
    : `${message.slice(0, at.index)} (line ${at[1]}, column ${at[2]})`
}

export function withDuration<T>(outcome: Outcome, startedAt: number): SandboxResult<T> {
  const durationMs = performance.now() - startedAt
  return outcome.ok
    ? { ok: true, value: outcome.value as T, durationMs }
    : { ok: false, error: outcome.error, durationMs }
}
