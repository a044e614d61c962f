import { parseDuration } from '@scrm/flow'
import { findTicket, type Ticket, type TicketEvent } from '@scrm/plugin-tickets'
import type { TenantScope } from '@scrm/store'
import type { SlaDeps } from './actions.js'
import { choosePolicy, complete, openTargets, policies, reschedule } from './clock.js'
import { type StoredPolicy, targetOf, type TargetKind } from './policy.js'
import { newTarget, pausedSpan, recomputeDue, type Targets } from './schedule.js'
import { lockSla, logEvent, type SlaTicket, saveSla } from './store.js'

/** The timeline entries that move an SLA clock; everything else is ignored without a query. */
export const HANDLED = new Set(['created', 'status_changed', 'reopened', 'commented', 'updated', 'merged_into'])

/**
 * Whether an event can move a clock, with at most one read: tenants without policies and tickets
 * without a clock pay one query per change, no savepoint, no locks. For `created`, the policies.
 */
export async function relevant(s: TenantScope, e: TicketEvent): Promise<false | { policies: StoredPolicy[] }> {
  if (e.kind === 'commented' && e.data.visibility !== 'public') return false
  if (e.kind === 'updated' && !(e.data.changes as Record<string, unknown> | undefined)?.priority) return false
  if (e.kind === 'created') {
    const list = await policies(s)
    return list.length ? { policies: list } : false
  }
  return (await s.table('sla_tickets').where({ ticket_id: e.ticketId }).first('ticket_id')) ? { policies: [] } : false
}

const dues = (sla: SlaTicket, kinds?: TargetKind[]) =>
  Object.fromEntries(openTargets(sla, kinds).map(t => [t.kind, t.dueAt]))

/** A new ticket: the first matching policy starts first response and resolution for its priority. */
async function start(deps: SlaDeps, s: TenantScope, ticketId: string, now: Date, list: StoredPolicy[]): Promise<void> {
  const ticket = await findTicket(s, ticketId)
  if (!ticket) return
  const policy = await choosePolicy(deps, s, ticket, list)
  if (!policy) return
  const targets: Targets = {}
  for (const kind of ['firstResponse', 'resolution'] as const) {
    const spec = targetOf(policy, ticket.priority, kind)
    if (spec) targets[kind] = newTarget(deps.calendars, kind, spec, now)
  }
  if (!Object.keys(targets).length) return // the policy sets nothing for this priority
  const sla: SlaTicket = { ticketId, policy, state: 'ok', pausedAt: null, targets, timerId: null, nextAt: null }
  await logEvent(s, ticketId, now, { event: 'started', data: { policyId: policy.id, policyName: policy.name, priority: ticket.priority, targets: dues(sla) } })
  await reschedule(deps, s, sla, now)
  await saveSla(s, deps.calendars, sla, now, true)
}

function pause(sla: SlaTicket, now: Date): void {
  sla.pausedAt = now
}

/** The paused business time (per target calendar) moves every open target's due time. */
function resume(deps: SlaDeps, sla: SlaTicket, now: Date): Record<string, number> {
  const paused: Record<string, number> = {}
  for (const t of openTargets(sla)) {
    const span = pausedSpan(deps.calendars, t, sla.pausedAt!, now)
    t.pausedMs += span
    paused[t.kind] = Math.round(span / 60_000)
    recomputeDue(deps.calendars, t)
  }
  sla.pausedAt = null
  return paused
}

async function statusChanged(deps: SlaDeps, s: TenantScope, sla: SlaTicket, e: TicketEvent, now: Date): Promise<void> {
  const to = String(e.data.to)
  const category = String(e.data.category)
  const done = category === 'resolved' || category === 'closed'
  const waiting = !done && (sla.policy.pauseStatuses?.length ? sla.policy.pauseStatuses.includes(to) : category === 'pending')
  if (sla.pausedAt && !waiting) {
    const pausedMinutes = resume(deps, sla, now)
    await logEvent(s, sla.ticketId, now, { event: 'resumed', data: { status: to, pausedMinutes, targets: dues(sla) } })
  }
  if (done) {
    for (const t of openTargets(sla)) {
      if (t.kind === 'resolution') {
        const outcome = complete(t, now)
        await logEvent(s, sla.ticketId, now, { target: t.kind, event: outcome === 'met' ? 'met' : 'stopped', dueAt: new Date(t.dueAt), data: outcome === 'late' ? { late: true } : {} })
      }
      else {
        // Resolved without (another) reply: a response target no longer means anything.
        Object.assign(t, { status: 'cancelled', completedAt: now.toISOString() })
        await logEvent(s, sla.ticketId, now, { target: t.kind, event: 'stopped', data: { reason: category } })
      }
    }
  }
  else if (e.kind === 'reopened') {
    const t = sla.targets.resolution
    if (t?.completedAt) {
      // The time it spent resolved counts as paused: the resolution clock continues where it stopped.
      t.pausedMs += pausedSpan(deps.calendars, t, new Date(t.completedAt), now)
      Object.assign(t, { completedAt: null, status: t.breachedAt ? 'breached' : 'running' })
      recomputeDue(deps.calendars, t)
      await logEvent(s, sla.ticketId, now, { target: 'resolution', event: 'resumed', data: { reason: 'reopened', dueAt: t.dueAt } })
    }
  }
  if (waiting && !sla.pausedAt) {
    pause(sla, now)
    await logEvent(s, sla.ticketId, now, { event: 'paused', data: { status: to } })
  }
}

async function commented(deps: SlaDeps, s: TenantScope, sla: SlaTicket, ticket: Ticket, e: TicketEvent, now: Date): Promise<void> {
  if (e.data.visibility !== 'public') return
  if (e.actor.kind === 'user') {
    // First response = the first public comment by staff; the same answers a pending next response.
    for (const t of openTargets(sla, ['firstResponse', 'nextResponse'])) {
      const outcome = complete(t, now)
      await logEvent(s, sla.ticketId, now, { target: t.kind, event: outcome === 'met' ? 'met' : 'stopped', dueAt: new Date(t.dueAt), data: outcome === 'late' ? { late: true } : {} })
    }
    return
  }
  if (e.actor.kind !== 'customer' || openTargets(sla, ['firstResponse', 'nextResponse']).length) return
  const spec = targetOf(sla.policy, ticket.priority, 'nextResponse')
  if (!spec || ticket.statusCategory === 'resolved' || ticket.statusCategory === 'closed') return
  sla.targets.nextResponse = newTarget(deps.calendars, 'nextResponse', spec, now, (sla.targets.nextResponse?.cycle ?? 0) + 1)
  await logEvent(s, sla.ticketId, now, { target: 'nextResponse', event: 'started', data: { cycle: sla.targets.nextResponse.cycle, dueAt: sla.targets.nextResponse.dueAt } })
}

/** A new priority brings its own targets (a target it does not have stops). */
async function retarget(deps: SlaDeps, s: TenantScope, sla: SlaTicket, e: TicketEvent, now: Date): Promise<void> {
  const change = (e.data.changes as Record<string, { from: unknown, to: unknown }> | undefined)?.priority
  if (!change) return
  const priority = String(change.to)
  for (const t of openTargets(sla)) {
    const spec = targetOf(sla.policy, priority, t.kind)
    if (!spec) Object.assign(t, { status: 'cancelled', completedAt: now.toISOString() })
    else Object.assign(t, { within: spec.within, targetMs: parseDuration(spec.within) })
    if (spec) recomputeDue(deps.calendars, t)
  }
  await logEvent(s, sla.ticketId, now, { event: 'retargeted', data: { from: change.from, to: priority, targets: dues(sla) } })
}

/**
 * The `tickets.events` listener's work, in the ticket change's transaction (a savepoint of it).
 * Returns without writing when the event moved nothing.
 */
export async function react(deps: SlaDeps, s: TenantScope, e: TicketEvent, now: Date, pre: { policies: StoredPolicy[] }): Promise<void> {
  if (e.kind === 'created') return start(deps, s, e.ticketId, now, pre.policies)
  const locked = await lockSla(s, e.ticketId)
  if (!locked) return
  const { sla, ticket } = locked
  const before = JSON.stringify([sla.pausedAt, sla.targets])
  if (e.kind === 'status_changed' || e.kind === 'reopened') await statusChanged(deps, s, sla, e, now)
  else if (e.kind === 'commented') await commented(deps, s, sla, ticket, e, now)
  else if (e.kind === 'updated') await retarget(deps, s, sla, e, now)
  else if (e.kind === 'merged_into' && openTargets(sla).length) {
    for (const t of openTargets(sla)) Object.assign(t, { status: 'cancelled', completedAt: now.toISOString() })
    await logEvent(s, sla.ticketId, now, { event: 'stopped', data: { reason: 'merged' } })
  }
  if (JSON.stringify([sla.pausedAt, sla.targets]) === before) return
  await reschedule(deps, s, sla, now)
  await saveSla(s, deps.calendars, sla, now)
}
