import { evaluate } from '@scrm/flow'
import type { Ticket } from '@scrm/plugin-tickets'
import { cancelPluginTimers, type NewPluginTimer, schedulePluginTimer } from '@scrm/runtime'
import type { TenantScope } from '@scrm/store'
import type { SlaDeps } from './actions.js'
import type { StoredPolicy, TargetKind } from './policy.js'
import { schedule, targetList, type TargetState } from './schedule.js'
import type { SlaTicket } from './store.js'

/** The runtime timer kind of SLA deadlines: one pending timer per ticket, due at its next SLA event. */
export const TIMER_KIND = 'sla.due'

export type Schedule = (timer: NewPluginTimer) => Promise<string>

/**
 * Points the ticket's one timer at its next event (none while paused or when nothing is left).
 * The old timer is cancelled unless a worker is firing it right now; then it finds itself stale.
 */
export async function reschedule(deps: SlaDeps, scope: TenantScope, sla: SlaTicket, now: Date, scheduleTimer?: Schedule): Promise<void> {
  const next = schedule(deps.calendars, sla.policy, sla.targets, !!sla.pausedAt)[0]?.at ?? null
  if (sla.timerId && next && sla.nextAt?.getTime() === next.getTime()) return
  if (sla.timerId) await cancelPluginTimers(scope.db, scope.tenantId, [sla.timerId], now)
  const add: Schedule = scheduleTimer ?? (t => schedulePluginTimer(scope.db, scope.tenantId, t))
  sla.timerId = next ? await add({ kind: TIMER_KIND, dueAt: next, payload: { ticketId: sla.ticketId } }) : null
  sla.nextAt = next
}

/** Policies in evaluation order: by position, the default (no condition) last. */
export async function policies(scope: TenantScope): Promise<StoredPolicy[]> {
  const rows = await scope.table('sla_policies').where({ active: true })
    .orderByRaw('(condition is null), position, created_at, id').select('id', 'version', 'definition')
  return rows.map((r: { id: string, version: number, definition: StoredPolicy }) => ({ ...r.definition, id: r.id, version: r.version }))
}

/** First policy whose condition holds for { ticket, customer, form }; a broken condition is skipped, not fatal. */
export async function choosePolicy(deps: SlaDeps, scope: TenantScope, ticket: Ticket, list: StoredPolicy[]): Promise<StoredPolicy | undefined> {
  let data: Record<string, unknown> | undefined
  for (const p of list) {
    if (p.condition === undefined || p.condition === null) return p
    if (!data) {
      const customer = ticket.customerId ? await deps.customers.get(scope, ticket.customerId, { follow: true }) : undefined
      data = { ticket: { ...ticket }, customer: { ...customer }, form: { ...ticket.fields } }
    }
    try {
      if (evaluate(p.condition, data)) return p
    }
    catch (err) {
      deps.logger.warn({ err, policyId: p.id, ticketId: ticket.id }, 'SLA policy condition failed; trying the next policy')
    }
  }
  return undefined
}

/**
 * Ends a target: met when done by its due time, else it stays breached with the time it was done.
 * A due time that passed before the breach timer fired (worker lag) still counts as a breach.
 */
export function complete(t: TargetState, now: Date): 'met' | 'late' {
  t.completedAt = now.toISOString()
  if (t.status === 'running' && now.getTime() <= new Date(t.dueAt).getTime()) {
    t.status = 'met'
    return 'met'
  }
  t.status = 'breached'
  t.breachedAt ??= t.dueAt
  return 'late'
}

export const openTargets = (sla: SlaTicket, kinds?: TargetKind[]) =>
  targetList(sla.targets).filter(t => !t.completedAt && t.status !== 'cancelled' && t.status !== 'met' && (!kinds || kinds.includes(t.kind)))
