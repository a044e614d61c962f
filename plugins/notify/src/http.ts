import { DeliveryError, isRetryable, permanent, transient } from './errors.js'

export interface HttpOptions {
  timeoutMs?: number
  /** For tests and for the plugin's operator config: real fetch otherwise. */
  fetch?: typeof fetch
}

export interface HttpAnswer {
  status: number
  text: string
  json?: any
}

/**
 * POSTs a JSON body. 5xx, 429, timeouts and network errors are retryable DeliveryErrors; other
 * non-2xx answers are permanent (a 400 stays a 400 however often it is sent).
 */
export async function postJson(url: string, body: string, headers: Record<string, string>, opts: HttpOptions = {}): Promise<HttpAnswer> {
  let res: Response
  try {
    res = await (opts.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      redirect: 'manual',
    })
  }
  catch (err) {
    const reason = (err as Error)?.name === 'TimeoutError' ? 'timed out' : ((err as { cause?: Error })?.cause?.message ?? (err as Error)?.message)
    throw transient(`POST ${redact(url)} failed: ${reason}`, 'network', err)
  }
  const text = await res.text().catch(() => '')
  if (res.status >= 500 || res.status === 429) throw transient(`POST ${redact(url)} answered ${res.status}: ${text.slice(0, 200)}`, res.status)
  if (res.status < 200 || res.status >= 300) throw permanent(`POST ${redact(url)} answered ${res.status}: ${text.slice(0, 200)}`, res.status)
  let json: unknown
  try { json = text ? JSON.parse(text) : undefined }
  catch { json = undefined }
  return { status: res.status, text, json }
}

/** Query strings carry robot tokens and signatures: keep them out of logs and the delivery log. */
export function redact(url: string): string {
  return url.replace(/\?.*$/, '?…')
}

export interface RetryPolicy {
  /** Extra tries after the first. */
  retries: number
  baseMs: number
  maxMs: number
  sleep?: (ms: number) => Promise<void>
}

export const defaultSleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms))

/** Exponential back-off (base, 2×base, 4×base … capped) for retryable errors only. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const sleep = policy.sleep ?? defaultSleep
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt)
    }
    catch (err) {
      if (!isRetryable(err) || attempt > policy.retries) {
        if (err instanceof DeliveryError && attempt > 1) err.message += ` (after ${attempt} tries)`
        throw err
      }
      await sleep(Math.min(policy.baseMs * 2 ** (attempt - 1), policy.maxMs))
    }
  }
}
