import type { CalendarProvider } from '@scrm/calendar'
import type { Logger, PluginHost } from '@scrm/kernel'
import type { CustomersService } from '@scrm/plugin-customers'
import type { NotifyService } from '@scrm/plugin-notify'
import { assignTicket, findTicket, mutate, type Ticket } from '@scrm/plugin-tickets'
import type { Clock } from '@scrm/runtime'
import { tenantScope, type TenantScope } from '@scrm/store'
import { type Action, PRIORITIES, type Recipient } from './policy.js'
import { resolver, routingOf } from './people.js'
import { SLA_ACTOR } from './store.js'

/** What the SLA needs from the platform, assembled once in the plugin's setup. */
export interface SlaDeps {
  host: PluginHost
  calendars: CalendarProvider
  clock: Clock
  notify: Pick<NotifyService, 'dispatch'>
  customers: CustomersService
  logger: Logger
}

/** One timed event being handled: warning or escalation level of one target of one ticket. */
export interface Firing {
  scope: TenantScope
  deps: SlaDeps
  ticket: Ticket
  now: Date
  target: string
  dueAt: Date
  level?: number
  /** Stable base of notification keys: a retried firing sends nothing new. */
  key: string
  /** Display names already known (the locked ticket's assignee). */
  names?: Map<string, string>
}

export interface ActionResult {
  type: Action['type'] | 'warning'
  ok: boolean
  detail: Record<string, unknown>
}

async function variables(f: Firing) {
  const t = f.ticket
  const customer = t.customerId ? await f.deps.customers.get(f.scope, t.customerId, { follow: true }) : undefined
  const known = t.assigneeId ? f.names?.get(t.assigneeId) : undefined
  const assignee = known !== undefined ? { display_name: known } : t.assigneeId ? await f.scope.table('users').where({ id: t.assigneeId }).first('display_name') : undefined
  return {
    ticket: { ...t },
    customer: { name: customer?.name ?? '' },
    assignee: { name: assignee?.display_name ?? '—' },
    sla: { dueAt: f.dueAt, target: f.target },
    escalation: { level: f.level ?? 0 },
    url: `/tickets/${t.id}`,
  }
}

async function notify(f: Firing, specs: Recipient[], event: 'sla.warning' | 'sla.escalated', urgent: boolean, key: string): Promise<ActionResult> {
  const { to, people, missing } = await resolver(f.deps.host, f.scope, f.ticket).recipients(specs)
  if (!to.length) return { type: 'notify', ok: false, detail: { reason: 'no recipient', missing } }
  const sent = await f.deps.notify.dispatch(f.scope, { event, variables: await variables(f), recipients: to, urgent, key }, { now: f.now })
  return {
    type: 'notify',
    ok: sent.some(d => d.status !== 'failed'),
    detail: { urgent, people, channels: to.filter(r => 'channel' in r).map(r => (r as { channel: string }).channel), deliveries: sent.map(d => ({ id: d.id, notifier: d.notifier, status: d.status, heldUntil: d.heldUntil })), ...(missing.length ? { missing } : {}) },
  }
}

/** The warning: to the assignee (or whom the policy names), not urgent, so quiet hours hold it. */
export async function sendWarning(f: Firing, to: Recipient[] | undefined): Promise<ActionResult> {
  const r = await notify(f, to?.length ? to : [{ assignee: true }], 'sla.warning', false, `${f.key}:warning`)
  return { ...r, type: 'warning' }
}

async function run(f: Firing, action: Action, i: number): Promise<ActionResult> {
  const { scope } = f
  const reason = `SLA ${f.target} escalation level ${f.level}`
  switch (action.type) {
    case 'notify':
      return notify(f, action.to, 'sla.escalated', action.urgent ?? true, `${f.key}:${i}`)
    case 'reassign': {
      const from = f.ticket.assigneeId
      const routing = routingOf(f.deps.host, scope.tenantId)
      const to = action.to ?? { supervisor: 1 }
      if ('rules' in to) {
        if (!routing) return { type: action.type, ok: false, detail: { reason: 'the routing plugin is not available' } }
        const r = await routing.reassign(scope, f.ticket.id, { rules: true }, { reason, actor: SLA_ACTOR })
        f.ticket = (await findTicket(scope, f.ticket.id)) ?? f.ticket
        return { type: action.type, ok: !!f.ticket.assigneeId, detail: { from, to: f.ticket.assigneeId, via: 'routing', outcome: r.decision?.outcome ?? null } }
      }
      const who = await resolver(f.deps.host, scope, f.ticket).person(to)
      if (!who.userId) return { type: action.type, ok: false, detail: { reason: who.why } }
      if (who.userId === from) return { type: action.type, ok: true, detail: { assigneeId: who.userId, unchanged: true } }
      if (routing) {
        await routing.reassign(scope, f.ticket.id, { userId: who.userId }, { reason, actor: SLA_ACTOR })
        f.ticket = (await findTicket(scope, f.ticket.id)) ?? f.ticket
      }
      else {
        f.ticket = await assignTicket(scope, f.ticket.id, { assigneeId: who.userId, reason }, undefined, SLA_ACTOR)
      }
      return { type: action.type, ok: true, detail: { from, to: who.userId, via: routing ? 'routing' : 'tickets' } }
    }
    case 'raisePriority': {
      const from = f.ticket.priority
      const to = action.to ?? PRIORITIES[Math.min(PRIORITIES.indexOf(from) + 1, PRIORITIES.length - 1)]
      if (PRIORITIES.indexOf(to) <= PRIORITIES.indexOf(from)) return { type: action.type, ok: true, detail: { priority: from, unchanged: true } }
      f.ticket = await mutate(scope, f.ticket.id, undefined, SLA_ACTOR, async () => ({
        set: { priority: to }, events: [{ kind: 'updated', data: { changes: { priority: { from, to } }, by: 'sla', reason } }],
      }))
      return { type: action.type, ok: true, detail: { from, to } }
    }
    case 'addWatcher': {
      const who = await resolver(f.deps.host, scope, f.ticket).person(action.who)
      if (!who.userId) return { type: action.type, ok: false, detail: { reason: who.why } }
      await scope.insert('sla_watchers', { ticket_id: f.ticket.id, user_id: who.userId, reason }).onConflict(['tenant_id', 'ticket_id', 'user_id']).ignore()
      return { type: action.type, ok: true, detail: { userId: who.userId } }
    }
  }
}

/**
 * Runs a level's actions in order (a reassignment before a notification means the new owner is
 * the assignee it names). One failing action is recorded and does not stop the others.
 */
export async function runActions(f: Firing, actions: Action[]): Promise<ActionResult[]> {
  const out: ActionResult[] = []
  for (const [i, action] of actions.entries()) {
    // Changes through other plugins in a savepoint: a failed query there must not abort the
    // firing's transaction. Notifications only insert their own rows and need none.
    const inner: Firing = { ...f }
    try {
      out.push(action.type === 'notify'
        ? await run(f, action, i)
        : await f.scope.db.transaction(trx => run(Object.assign(inner, { scope: tenantScope(f.scope.tenantId, trx) }), action, i)))
      if (action.type !== 'notify') f.ticket = inner.ticket
    }
    catch (err) {
      f.deps.logger.warn({ err, ticketId: f.ticket.id, action: action.type }, 'SLA action failed')
      out.push({ type: action.type, ok: false, detail: { error: (err as Error).message } })
      f.ticket = (await findTicket(f.scope, f.ticket.id)) ?? f.ticket
    }
  }
  return out
}
