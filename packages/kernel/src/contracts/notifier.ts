import type { JsonSchema, Labelled } from './common.js'

export interface NotificationMessage {
  to: string[]
  subject: string
  /** Plain text, or the channel's markup (markdown for robots) with variables already escaped. */
  body: string
  urgent?: boolean
  /** De-duplication key; receivers that support it get it as a header. */
  idempotencyKey: string
  meta?: Record<string, unknown>
  /** HTML alternative of `body` (email). */
  html?: string
  /** Language the text was rendered in. */
  locale?: 'zh-CN' | 'en-US'
  /** Event kind (`sla.warning`, `ticket.assigned` …), forwarded to webhooks. */
  event?: string
  /** Phone numbers to @mention in group robots (WeCom, DingTalk). */
  mentions?: string[]
  /** Email threading: the message this one answers, and the thread's Message-IDs (oldest first). */
  thread?: MessageThread
  /** RFC 3834 `Auto-Submitted` of a machine-made mail (an acknowledgement), so auto-responders stay quiet. */
  autoSubmitted?: 'auto-generated' | 'auto-replied'
}

export interface MessageThread {
  inReplyTo?: string
  references?: string[]
}

/** Who is sending: lets a notifier log, cache connections per tenant, or honour cancellation. */
export interface NotifierSendContext {
  tenantId: string
  /** 1 on the first delivery attempt. */
  attempt?: number
  signal?: AbortSignal
}

/**
 * What `send` throws on failure. Callers (the outbox worker) retry unless `retryable` is false:
 * a 4xx answer or a rejected configuration will not get better by trying again.
 */
export interface NotifierFailure extends Error {
  retryable?: boolean
  /** HTTP status or provider error code, for the delivery log. */
  code?: string | number
}

export interface NotifierDef<Config = any> extends Labelled {
  id: string
  configSchema?: JsonSchema
  /** Config keys that are secrets (passwords, signing keys): stored, never returned by an API. */
  secretFields?: string[]
  /** Whether `to` holds addresses of people (email, phone) or the config names the destination (group robots, webhooks). */
  addresses?: 'email' | 'phone' | 'none'
  send: (message: NotificationMessage, config: Config, ctx?: NotifierSendContext) => Promise<{ providerId?: string } | void>
}
