import { createHash, randomUUID } from 'node:crypto'
import type { I18nText, Logger, MessageThread, NotifierDef, Registries } from '@scrm/kernel'
import { silentLogger } from '@scrm/kernel'
import { type TenantScope, tenantScope } from '@scrm/store'
import type { Knex } from 'knex'
import { channels, fullConfig } from './channels.js'
import { isRetryable, permanent } from './errors.js'
import type { DeliveryStatus } from './migrations.js'
import type { FormattedNotifier } from './notifiers/types.js'
import { type Clock, DELIVERY_KIND, type OutboxHandler, type OutboxJob, type OutboxWriter } from './outbox.js'
import { holdUntil } from './quiet-hours.js'
import { type Recipient, resolveTargets, type Target } from './recipients.js'
import { getSettings, getTemplate, type NotifySettings } from './settings.js'
import { renderSubject, renderTemplate } from './template.js'

export interface NotifyRequest {
  /** Event kind: picks the template (unless `template` or inline text is given) and users' preferences. */
  event: string
  template?: string
  /** Inline text instead of a stored template (the flow designer's notify node). */
  subject?: string | I18nText
  body?: string | I18nText
  variables?: Record<string, unknown>
  recipients: Recipient[]
  /** Goes out during quiet hours. */
  urgent?: boolean
  /**
   * Stable base of the deliveries' idempotency keys (`sla:<ticket>:warning`): dispatching the same
   * request again (a retried step) creates nothing new. Random when absent.
   */
  key?: string
  /** Email threading headers (In-Reply-To, References): a channel answering a customer's mail. */
  thread?: MessageThread
  /** Marks the mail as machine-made (RFC 3834): an acknowledgement is `auto-replied`. */
  autoSubmitted?: 'auto-generated' | 'auto-replied'
}

export interface DispatchedDelivery {
  id: string
  notifier: string
  recipient: string
  status: DeliveryStatus
  heldUntil: Date | null
  idempotencyKey: string
  lastError: string | null
}

export interface NotifyService {
  /** Renders, logs and enqueues (in the scope's transaction, if it is one). Sending happens later, through the outbox. */
  dispatch: (scope: TenantScope, request: NotifyRequest, opts?: { now?: Date }) => Promise<DispatchedDelivery[]>
  /**
   * Sends one logged delivery and records the outcome. Throws when the outbox should try again;
   * resolves when done, including "failed for good" (the delivery log says so).
   */
  deliver: (job: OutboxJob, ctx: { db: Knex, now: Date }) => Promise<void>
  /**
   * Outbox kind → handler for an outbox worker on this database: `notify.delivery`. The runtime's
   * OutboxWorker takes them as they are (`handler: kind => handlers[kind]`).
   */
  outboxHandlers: (db: Knex, clock?: Clock) => Record<string, OutboxHandler>
}

export interface NotifyServiceOptions {
  registries: Pick<Registries, 'notifiers'>
  outbox: OutboxWriter
  logger?: Logger
  /** Attempts per delivery before it is marked failed (default 8). */
  maxAttempts?: number
  /** "Now" for quiet hours and outbox dates when a call gives none: the outbox worker's clock. */
  clock?: Clock
}

const pick = (text: string | I18nText, locale: keyof I18nText) => (typeof text === 'string' ? text : text[locale] ?? text['zh-CN'])

function deliveryKey(base: string, t: Target): string {
  // Failures without an address, channel or user (text that named nothing) keep apart by what was asked for.
  const who = t.address ?? (t.channel ? `${t.channel.id}:${t.locale}` : t.userIds.length ? t.userIds.join(',') : t.recipient)
  const key = `${base}:${t.notifier}:${who}`
  return key.length <= 200 ? key : `${base.slice(0, 120)}:${createHash('sha256').update(key).digest('hex')}`
}

export function createNotifyService(options: NotifyServiceOptions): NotifyService {
  const logger = options.logger ?? silentLogger
  const maxAttempts = options.maxAttempts ?? 8

  async function render(scope: TenantScope, request: NotifyRequest, t: Target, def: NotifierDef | undefined, settings: NotifySettings) {
    let subject = request.subject
    let body = request.body
    if (body === undefined) {
      const tpl = await getTemplate(scope, request.template ?? request.event)
      if (!tpl) return { subject: pick(subject ?? request.event, t.locale), body: '', error: `no template "${request.template ?? request.event}"` }
      subject ??= tpl.subject
      body = tpl.body
    }
    const vars = request.variables ?? {}
    const opts = { locale: t.locale, timeZone: settings.timeZone }
    const source = pick(body, t.locale)
    const format = (def as FormattedNotifier | undefined)?.format?.(t.channel?.config ?? {}, t) ?? 'text'
    return {
      subject: renderSubject(pick(subject ?? '', t.locale), vars, opts),
      body: renderTemplate(source, vars, { ...opts, format: format === 'html+text' ? 'text' : format }),
      html: format === 'html+text' ? renderTemplate(source, vars, { ...opts, format: 'html' }) : null,
    }
  }

  async function dispatch(outer: TenantScope, request: NotifyRequest, opts: { now?: Date } = {}): Promise<DispatchedDelivery[]> {
    const now = opts.now ?? options.clock?.now() ?? new Date()
    const base = request.key ?? randomUUID()
    return outer.transaction(async (scope) => {
      const settings = await getSettings(scope)
      const notifier = (id: string) => options.registries.notifiers.get(scope.tenantId, id)
      const targets = await resolveTargets({ scope, event: request.event, settings, notifier }, request.recipients)
      const held = holdUntil(settings.quietHours, now, settings.timeZone, !!request.urgent)
      const rows = []
      for (const t of targets) {
        const text = await render(scope, request, t, notifier(t.notifier), settings)
        const error = t.error ?? ('error' in text ? text.error : undefined)
        rows.push({
          idempotency_key: deliveryKey(base, t),
          event: request.event,
          notifier: t.notifier,
          channel_id: t.channel?.id ?? null,
          user_id: t.userIds.length === 1 ? t.userIds[0] : null,
          recipient: t.recipient.slice(0, 320),
          address: t.address ?? null,
          mentions: JSON.stringify(t.mentions),
          locale: t.locale,
          urgent: !!request.urgent,
          subject: text.subject,
          body: text.body,
          html: 'html' in text ? text.html : null,
          meta: JSON.stringify({ userIds: t.userIds, ...(request.thread ? { thread: request.thread } : {}), ...(request.autoSubmitted ? { autoSubmitted: request.autoSubmitted } : {}) }),
          status: (error ? 'failed' : held ? 'held' : 'queued') satisfies DeliveryStatus,
          last_error: error ?? null,
          held_until: error ? null : held ?? null,
          created_at: now,
          updated_at: now,
        })
      }
      if (!rows.length) return []
      // A repeated request (same key) inserts nothing and enqueues nothing.
      const inserted = await scope.insert('notify_deliveries', rows).onConflict(['tenant_id', 'idempotency_key']).ignore().returning('*')
      await options.outbox.enqueue(scope.db, inserted.filter(r => r.status !== 'failed').map(r => ({
        tenantId: scope.tenantId,
        idempotencyKey: r.idempotency_key,
        kind: DELIVERY_KIND,
        payload: { deliveryId: r.id },
        notBefore: r.held_until ?? now,
      })))
      for (const r of inserted.filter(r => r.status === 'failed')) logger.warn({ tenantId: scope.tenantId, delivery: r.id, error: r.last_error }, 'notification cannot be delivered')
      const keys = rows.map(r => r.idempotency_key)
      const all: Array<Record<string, any>> = await scope.table('notify_deliveries').whereIn('idempotency_key', keys)
      return all.map(r => ({ id: r.id, notifier: r.notifier, recipient: r.recipient, status: r.status, heldUntil: r.held_until, idempotencyKey: r.idempotency_key, lastError: r.last_error }))
    })
  }

  const deliver = async (job: OutboxJob, ctx: { db: Knex, now: Date }): Promise<void> => {
    const scope = tenantScope(job.tenantId, ctx.db)
    const row = await scope.table('notify_deliveries').where({ id: job.payload.deliveryId }).first()
    if (!row || row.status === 'sent' || row.status === 'failed') return
    const attempt = row.attempts + 1
    const finish = (patch: Record<string, unknown>) => scope.table('notify_deliveries').where({ id: row.id }).update({ attempts: attempt, updated_at: ctx.now, ...patch })
    try {
      const def = options.registries.notifiers.get(job.tenantId, row.notifier)
      if (!def) throw permanent(`notifier "${row.notifier}" is not available`)
      let config: Record<string, unknown> = {}
      if (row.channel_id) {
        const channel = await channels.byId(scope, row.channel_id)
        if (!channel?.enabled) throw permanent('the channel was removed or disabled')
        config = fullConfig(channel)
      }
      const result = await def.send({
        to: row.address ? [row.address] : [],
        subject: row.subject,
        body: row.body,
        html: row.html ?? undefined,
        urgent: row.urgent,
        idempotencyKey: row.idempotency_key,
        locale: row.locale,
        event: row.event,
        mentions: row.mentions,
        thread: row.meta?.thread,
        autoSubmitted: row.meta?.autoSubmitted,
        meta: { deliveryId: row.id },
      }, config, { tenantId: job.tenantId, attempt })
      await finish({ status: 'sent', sent_at: ctx.now, provider_id: result?.providerId?.slice(0, 300) ?? null, last_error: null })
    }
    catch (err) {
      const retry = isRetryable(err) && attempt < maxAttempts
      await finish({ status: retry ? 'queued' : 'failed', last_error: String((err as Error)?.message ?? err).slice(0, 2000) })
      logger.warn({ tenantId: job.tenantId, delivery: row.id, attempt, retry, err }, 'notification delivery failed')
      if (retry) throw err
    }
  }

  return {
    dispatch,
    deliver,
    outboxHandlers: (db, clock = options.clock ?? { now: () => new Date() }) => ({
      [DELIVERY_KIND]: job => deliver(job, { db, now: clock.now() }),
    }),
  }
}
