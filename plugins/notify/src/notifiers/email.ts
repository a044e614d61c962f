import { createHash } from 'node:crypto'
import nodemailer from 'nodemailer'
import { DeliveryError, permanent, transient } from '../errors.js'
import type { FormattedNotifier } from './types.js'

export interface EmailConfig {
  host: string
  port: number
  /** TLS from the first byte (465); otherwise STARTTLS when the server offers it. */
  secure?: boolean
  requireTLS?: boolean
  user?: string
  pass?: string
  from: string
  fromName?: string
  replyTo?: string
  /** Only for servers with self-signed certificates on a private network. */
  allowSelfSigned?: boolean
}

export const IDEMPOTENCY_HEADER = 'X-Scrm-Idempotency-Key'

/**
 * A Message-ID derived from the idempotency key: a retry after a crash sends the same ID, so mail
 * systems and people see one message, not two.
 */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = from.split('@')[1]?.replace(/[^\w.-]/g, '') || 'scrm.local'
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`
}

function classify(err: unknown): DeliveryError {
  const e = err as { code?: string, responseCode?: number, message?: string }
  const msg = `SMTP: ${e?.message ?? String(err)}`
  // 5xx replies and refused logins are final; 4xx replies and connection trouble may pass later.
  if (e?.code === 'EAUTH' || e?.code === 'EENVELOPE' || (e?.responseCode ?? 0) >= 500) return permanent(msg, e.responseCode ?? e.code)
  return transient(msg, e?.responseCode ?? e?.code ?? 'smtp', err)
}

/** Email over SMTP with nodemailer: UTF-8 subjects (RFC 2047), text + HTML parts. */
export function emailNotifier(options: { timeoutMs?: number } = {}): FormattedNotifier<EmailConfig> {
  return {
    id: 'email',
    label: { 'zh-CN': '邮件', 'en-US': 'Email' },
    description: { 'zh-CN': '通过企业 SMTP 服务器发送邮件', 'en-US': 'Sends email through the company SMTP server' },
    addresses: 'email',
    secretFields: ['pass'],
    configSchema: {
      type: 'object',
      required: ['host', 'port', 'from'],
      properties: {
        host: { type: 'string', minLength: 1 },
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        secure: { type: 'boolean' },
        requireTLS: { type: 'boolean' },
        user: { type: 'string' },
        pass: { type: 'string' },
        from: { type: 'string', format: 'email' },
        fromName: { type: 'string' },
        replyTo: { type: 'string', format: 'email' },
        allowSelfSigned: { type: 'boolean' },
      },
    },
    format: () => 'html+text',
    async send(message, config) {
      if (!config?.host || !config.from) throw permanent('email: SMTP host and from address are required', 'config')
      if (!message.to.length) throw permanent('email: no recipient address', 'address')
      const timeout = options.timeoutMs ?? 15_000
      const transport = nodemailer.createTransport({
        host: config.host,
        port: config.port,
        secure: !!config.secure,
        requireTLS: !!config.requireTLS,
        auth: config.user ? { user: config.user, pass: config.pass ?? '' } : undefined,
        tls: config.allowSelfSigned ? { rejectUnauthorized: false } : undefined,
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      })
      try {
        const info = await transport.sendMail({
          from: config.fromName ? { name: config.fromName, address: config.from } : config.from,
          to: message.to,
          replyTo: config.replyTo,
          subject: message.subject,
          text: message.body,
          html: message.html,
          messageId: messageIdFor(message.idempotencyKey, config.from),
          // A reply in the customer's thread: their mail client shows it there and their answer
          // carries these ids back (the email channel finds the ticket by them).
          inReplyTo: message.thread?.inReplyTo,
          references: message.thread?.references,
          priority: message.urgent ? 'high' : 'normal',
          headers: {
            [IDEMPOTENCY_HEADER]: message.idempotencyKey,
            ...(message.event ? { 'X-Scrm-Event': message.event } : {}),
            ...(message.autoSubmitted ? { 'Auto-Submitted': message.autoSubmitted } : {}),
          },
        })
        return { providerId: info.messageId }
      }
      catch (err) {
        throw classify(err)
      }
      finally {
        transport.close()
      }
    },
  }
}
