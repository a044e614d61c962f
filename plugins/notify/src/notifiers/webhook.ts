import { createHmac, timingSafeEqual } from 'node:crypto'
import { permanent } from '../errors.js'
import { postJson, withRetry } from '../http.js'
import type { FormattedNotifier, NotifierOptions } from './types.js'

export interface WebhookConfig {
  url: string
  /** Signing secret shared with the receiver. */
  secret?: string
  /** Extra headers (a receiver's own token scheme). */
  headers?: Record<string, string>
  /** Extra tries on 5xx / network errors (default 3). */
  retries?: number
}

export const SIGNATURE_HEADER = 'x-scrm-signature'
export const TIMESTAMP_HEADER = 'x-scrm-timestamp'

/**
 * `sha256=` + hex HMAC-SHA256 of `<timestamp>.<raw body>` with the shared secret. The timestamp
 * is inside the signed text (as Stripe and Slack do) so a captured request cannot be replayed
 * later with a fresh timestamp header.
 */
export function signWebhook(secret: string, timestamp: number | string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex')}`
}

/** For receivers (and our tests): checks the signature and that the timestamp is recent. */
export function verifyWebhook(secret: string, headers: Record<string, string | string[] | undefined>, rawBody: string, opts: { toleranceSec?: number, now?: number } = {}): boolean {
  const ts = String(headers[TIMESTAMP_HEADER] ?? '')
  const sig = String(headers[SIGNATURE_HEADER] ?? '')
  if (!/^\d+$/.test(ts)) return false
  if (Math.abs((opts.now ?? Date.now()) / 1000 - Number(ts)) > (opts.toleranceSec ?? 300)) return false
  const want = Buffer.from(signWebhook(secret, ts, rawBody))
  const got = Buffer.from(sig)
  return want.length === got.length && timingSafeEqual(want, got)
}

/** Generic signed JSON webhook with exponential back-off on 5xx and network errors, none on 4xx. */
export function webhookNotifier(opts: NotifierOptions = {}): FormattedNotifier<WebhookConfig> {
  return {
    id: 'webhook',
    label: { 'zh-CN': 'Webhook', 'en-US': 'Webhook' },
    description: { 'zh-CN': '向任意地址 POST 签名的 JSON', 'en-US': 'POSTs signed JSON to any URL' },
    addresses: 'none',
    secretFields: ['secret'],
    configSchema: {
      type: 'object',
      required: ['url'],
      properties: {
        url: { type: 'string', format: 'uri', pattern: '^https?://' },
        secret: { type: 'string' },
        headers: { type: 'object', additionalProperties: { type: 'string' } },
        retries: { type: 'integer', minimum: 0, maximum: 10 },
      },
    },
    format: () => 'text',
    async send(message, config, ctx) {
      if (!config?.url) throw permanent('webhook: no URL configured', 'config')
      const raw = JSON.stringify({
        id: message.idempotencyKey,
        event: message.event ?? null,
        tenantId: ctx?.tenantId ?? null,
        to: message.to,
        subject: message.subject,
        body: message.body,
        urgent: !!message.urgent,
        locale: message.locale ?? null,
        meta: message.meta ?? {},
      })
      const policy = { retries: config.retries ?? 3, baseMs: 1000, maxMs: 60_000, sleep: opts.sleep, ...opts.retry }
      const answer = await withRetry(() => {
        const ts = Math.floor((opts.now ?? Date.now)() / 1000)
        const headers: Record<string, string> = {
          ...config.headers,
          'user-agent': 'scrm-notify/0.1',
          'x-scrm-event': message.event ?? '',
          'x-scrm-idempotency-key': message.idempotencyKey,
          [TIMESTAMP_HEADER]: String(ts),
        }
        if (config.secret) headers[SIGNATURE_HEADER] = signWebhook(config.secret, ts, raw)
        return postJson(config.url, raw, headers, opts)
      }, policy)
      const id = answer.json?.id
      return { providerId: typeof id === 'string' || typeof id === 'number' ? String(id) : undefined }
    },
  }
}
