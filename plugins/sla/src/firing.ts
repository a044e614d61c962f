import type { Ticket } from '@scrm/plugin-tickets'
import type { PluginTimerContext } from '@scrm/runtime'
import { tenantScope, type TenantScope } from '@scrm/store'
import { type Firing, runActions, type SlaDeps, sendWarning } from './actions.js'
import { openTargets, reschedule } from './clock.js'
import { type DueEvent, schedule } from './schedule.js'
import { lockSla, logEvent, type SlaTicket, saveSla } from './store.js'

/** A tenant that switched the SLA plugin off is looked at again this much later. */
const DISABLED_RETRY_MS = 3_600_000

async function fireOne(deps: SlaDeps, s: TenantScope, sla: SlaTicket, ticket: Ticket, e: DueEvent, now: Date, names: Map<string, string>): Promise<Ticket> {
  const t = sla.targets[e.target]!
  t.fired.push(e.key)
  const key = `${t.kind}:${t.cycle}:${e.key}`
  const f: Firing = { scope: s, deps, ticket, now, target: t.kind, dueAt: new Date(t.dueAt), level: e.level, key: `sla:${ticket.id}:${key}`, names }
  if (e.key === 'warning') {
    await logEvent(s, ticket.id, now, { target: t.kind, event: 'warned', dueAt: e.at, key, data: { deadline: t.dueAt } },
      async () => ({ actions: [await sendWarning(f, sla.policy.warning?.notify)] }))
  }
  else if (e.key === 'breach') {
    t.status = 'breached'
    t.breachedAt = t.dueAt
    await logEvent(s, ticket.id, now, { target: t.kind, event: 'breached', dueAt: e.at, key })
  }
  else {
    const level = sla.policy.escalations![e.level! - 1]
    await logEvent(s, ticket.id, now, { target: t.kind, event: 'escalated', level: e.level, dueAt: e.at, key, data: { deadline: t.dueAt } },
      async () => ({ actions: await runActions(f, level.actions) }))
  }
  return f.ticket
}

/**
 * The runtime timer handler of `sla.due`: every event due by now, in order (after downtime a
 * warning, the breach and a level may all be due at once), then the timer for the next one. It
 * runs in the transaction that marks the timer fired, so each happens exactly once.
 */
export async function fireSla(deps: SlaDeps, enabled: (tenantId: string) => boolean, ctx: PluginTimerContext): Promise<void> {
  const s = tenantScope(ctx.tenantId, ctx.trx)
  const ticketId = String(ctx.timer.payload.ticketId)
  const locked = await lockSla(s, ticketId)
  // Stale: the deadline moved (pause, reply, priority) after this timer was set.
  if (!locked || locked.sla.timerId !== ctx.timer.id) return
  const { sla } = locked
  // The locked row without its type key: what notifications and actions read of a ticket.
  let ticket = locked.ticket
  const names = new Map(ticket.assigneeId && locked.assigneeName !== null ? [[ticket.assigneeId, locked.assigneeName]] : [])
  const now = ctx.now
  if (!enabled(ctx.tenantId)) {
    sla.timerId = await ctx.schedule({ kind: ctx.timer.kind, dueAt: new Date(now.getTime() + DISABLED_RETRY_MS), payload: ctx.timer.payload })
    await s.table('sla_tickets').where({ ticket_id: ticketId }).update({ timer_id: sla.timerId })
    return
  }
  if (ticket.statusCategory === 'resolved' || ticket.statusCategory === 'closed' || ticket.mergedIntoId) {
    // Done while the tenant had SLA switched off (its change was not followed): nothing to chase.
    for (const t of openTargets(sla)) Object.assign(t, { status: 'cancelled', completedAt: now.toISOString() })
  }
  for (const e of schedule(deps.calendars, sla.policy, sla.targets, !!sla.pausedAt)) {
    if (e.at.getTime() > now.getTime()) break
    ticket = await fireOne(deps, s, sla, ticket, e, now, names)
  }
  sla.timerId = null // this one is spent
  await reschedule(deps, s, sla, now, ctx.schedule)
  await saveSla(s, deps.calendars, sla, now)
}
