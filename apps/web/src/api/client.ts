import { useAuthStore } from '../stores/auth'
import type { ErrorBody } from './types'

/** All API routes live under this prefix (proxied to the server by Vite in dev). */
export const API_BASE = '/api'

/** A failed API call: the server's `{ error, message, details }` plus the HTTP status. */
export class ApiError extends Error {
  readonly status: number
  readonly error: string
  readonly details?: unknown

  constructor(status: number, body: Partial<ErrorBody>) {
    super(body.message || body.error || `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.error = body.error || `HTTP ${status}`
    this.details = body.details
  }
}

/** The request never got an HTTP answer (server down, network gone). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause))
    this.name = 'NetworkError'
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  body?: unknown
  query?: Record<string, string | number | boolean | undefined>
  signal?: AbortSignal
  /** Send no bearer token even when logged in. */
  anonymous?: boolean
}

function buildUrl(path: string, query?: RequestOptions['query']): string {
  const url = `${API_BASE}${path.startsWith('/') ? path : `/${path}`}`
  if (!query) return url
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query))
    if (v !== undefined) params.set(k, String(v))
  const qs = params.toString()
  return qs ? `${url}?${qs}` : url
}

async function parseBody(res: Response): Promise<unknown> {
  const text = await res.text()
  if (!text) return undefined
  const type = res.headers.get('content-type') ?? ''
  if (type.includes('json')) {
    try { return JSON.parse(text) }
    catch { return text }
  }
  return text
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const token = opts.anonymous ? null : useAuthStore.getState().token
  const headers: Record<string, string> = { Accept: 'application/json' }
  // FormData (multipart uploads) sets its own content type with the boundary; a Blob (a file sent as the body) carries its own.
  const form = opts.body instanceof FormData
  const blob = opts.body instanceof Blob
  if (blob) headers['Content-Type'] = (opts.body as Blob).type || 'application/octet-stream'
  else if (opts.body !== undefined && !form) headers['Content-Type'] = 'application/json'
  if (token) headers.Authorization = `Bearer ${token}`

  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers,
      body: opts.body === undefined ? undefined : form || blob ? opts.body as FormData | Blob : JSON.stringify(opts.body),
      signal: opts.signal,
    })
  }
  catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new NetworkError(e)
  }

  const data = await parseBody(res)
  if (!res.ok) {
    // A rejected token means the session is over: drop it so the router shows login.
    if (res.status === 401 && token && useAuthStore.getState().token === token)
      useAuthStore.getState().logout('expired')
    const body = data && typeof data === 'object' ? (data as Partial<ErrorBody>) : { message: typeof data === 'string' ? data : undefined }
    throw new ApiError(res.status, body)
  }
  return data as T
}

export const api = {
  get: <T>(path: string, opts?: Omit<RequestOptions, 'method' | 'body'>) => request<T>(path, { ...opts, method: 'GET' }),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>) => request<T>(path, { ...opts, method: 'POST', body: body ?? {} }),
  put: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>) => request<T>(path, { ...opts, method: 'PUT', body: body ?? {} }),
  patch: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>) => request<T>(path, { ...opts, method: 'PATCH', body: body ?? {} }),
  delete: <T>(path: string, opts?: Omit<RequestOptions, 'method' | 'body'>) => request<T>(path, { ...opts, method: 'DELETE' }),
}
