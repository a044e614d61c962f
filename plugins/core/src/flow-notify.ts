import type { NotifierDef, PluginHost } from '@scrm/kernel'
import type { Clock, OutboxHandler } from '@scrm/runtime'
import { type Knex, type TenantScope, tenantScope } from '@scrm/store'
import { renderFlat } from './nodes/data.js'

/**
 * The slice of the notify plugin's `notify` service this handler calls, typed here because core
 * must not import that plugin (it depends on core). See `NotifyService.dispatch` and the
 * `{ text, notifier }` recipient in plugins/notify/src/recipients.ts.
 */
interface NotifyDispatcher {
  dispatch: (scope: TenantScope, request: {
    event: string
    subject: string
    body: string
    variables: Record<string, unknown>
    recipients: Array<{ text: string, notifier: string }>
    urgent: boolean
    key: string
  }, opts?: { now?: Date }) => Promise<Array<{ id: string, notifier: string, recipient: string, status: string, lastError: string | null }>>
}

/** What the designer's notify node puts in its outbox row (data.ts). */
interface FlowNotifyPayload {
  notifier: string
  to: string[]
  subject?: string
  body?: string
  /** Placeholder values taken when the step ran; absent in rows queued before they existed. */
  variables?: Record<string, unknown>
  urgent?: boolean
  meta?: Record<string, unknown>
}

/** Event name of these messages: users may choose notifiers for it in their preferences. */
export const FLOW_NOTIFY_EVENT = 'flow.notify'

/**
 * The outbox handler of the notify node. When the notify plugin is loaded and on for the tenant,
 * the message goes through `dispatch` (templates' rendering, quiet hours, preferences, delivery
 * log) with the outbox row's idempotency key, so a retried row finds its deliveries and adds
 * none. Otherwise (core-only setups, a tenant that switched notify off) it goes straight to the
 * node's notifier, e.g. the built-in log notifier.
 */
export function flowNotifyHandler(host: PluginHost, db: Knex, clock: Clock): OutboxHandler {
  return async ({ tenantId, payload, idempotencyKey, attempt }) => {
    const p = payload as unknown as FlowNotifyPayload
    const variables = p.variables ?? {}
    if (host.hasService('notify') && host.isEnabled(tenantId, 'notify')) {
      const deliveries = await host.service<NotifyDispatcher>('notify').dispatch(tenantScope(tenantId, db), {
        event: FLOW_NOTIFY_EVENT,
        subject: p.subject ?? '',
        body: p.body ?? '',
        variables,
        recipients: (p.to ?? []).map(text => ({ text, notifier: String(p.notifier) })),
        urgent: !!p.urgent,
        key: idempotencyKey,
      }, { now: clock.now() })
      return { via: 'notify', deliveries: deliveries.map(d => ({ id: d.id, notifier: d.notifier, status: d.status, error: d.lastError ?? undefined })) }
    }
    const notifier = host.registries.notifiers.get(tenantId, String(p.notifier)) as NotifierDef | undefined
    if (!notifier) throw permanent(`notifier "${p.notifier}" is not available to this tenant`)
    return notifier.send({
      to: p.to ?? [], subject: renderFlat(p.subject ?? '', variables), body: renderFlat(p.body ?? '', variables),
      urgent: !!p.urgent, idempotencyKey, meta: p.meta, event: FLOW_NOTIFY_EVENT,
    }, {}, { tenantId, attempt })
  }
}

/** A failure that retrying cannot fix: the outbox parks the message at once. */
export function permanent(message: string): Error {
  return Object.assign(new Error(message), { retryable: false })
}
