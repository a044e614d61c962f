import type { CalendarProvider } from '@scrm/calendar'
import { type Actor, recordEvent, type Ticket, toTicket } from '@scrm/plugin-tickets'
import type { TenantScope } from '@scrm/store'
import type { StoredPolicy, TargetKind } from './policy.js'
import { overallState, type SlaState, targetList, type Targets, usedMinutes } from './schedule.js'

/** The SLA clock of one ticket (`sla_tickets`). */
export interface SlaTicket {
  ticketId: string
  policy: StoredPolicy
  state: SlaState
  pausedAt: Date | null
  targets: Targets
  timerId: string | null
  nextAt: Date | null
}

export const SLA_ACTOR: Actor = { kind: 'system', name: 'sla' }

function fromRow(r: Record<string, any>): SlaTicket {
  return {
    ticketId: r.ticket_id, policy: r.policy, state: r.state, pausedAt: r.paused_at ? new Date(r.paused_at) : null,
    targets: r.targets ?? {}, timerId: r.timer_id ?? null, nextAt: r.next_at ? new Date(r.next_at) : null,
  }
}

/**
 * The ticket and its SLA row, both locked. The ticket row is locked first, always: ticket changes
 * (which lock it before their listeners run) and timer firings take the two locks in one order.
 */
export async function lockSla(scope: TenantScope, ticketId: string): Promise<{ ticket: Ticket, assigneeName: string | null, sla: SlaTicket } | undefined> {
  // The assignee's name rides along: notifications name the owner (one round trip fewer per firing).
  const ticket = await scope.table('tickets')
    .leftJoin('users as u', function () { this.on('u.tenant_id', 'tickets.tenant_id').andOn('u.id', 'tickets.assignee_id') })
    .where('tickets.id', ticketId).forUpdate('tickets').first('tickets.*', 'u.display_name as assignee_name')
  if (!ticket) return undefined
  const row = await scope.table('sla_tickets').where({ ticket_id: ticketId }).forUpdate().first()
  return row ? { ticket: toTicket(ticket), assigneeName: ticket.assignee_name ?? null, sla: fromRow(row) } : undefined
}

export async function readSla(scope: TenantScope, ticketId: string): Promise<SlaTicket | undefined> {
  const row = await scope.table('sla_tickets').where({ ticket_id: ticketId }).first()
  return row ? fromRow(row) : undefined
}

/** What the ticket itself shows (`tickets.sla`, `tickets.sla_state`): due times, outcomes, minutes used and paused. */
export function ticketStats(calendars: CalendarProvider, sla: SlaTicket, now: Date) {
  const targets: Record<string, unknown> = {}
  let pausedMinutes = 0
  for (const t of targetList(sla.targets)) {
    const paused = Math.round(t.pausedMs / 60_000)
    pausedMinutes = Math.max(pausedMinutes, paused)
    targets[t.kind] = {
      dueAt: t.dueAt, status: t.status, completedAt: t.completedAt, breachedAt: t.breachedAt, cycle: t.cycle,
      businessMinutesUsed: usedMinutes(calendars, t, now, sla.pausedAt), pausedMinutes: paused,
    }
  }
  return { policyId: sla.policy.id, policyName: sla.policy.name, paused: !!sla.pausedAt, pausedAt: sla.pausedAt?.toISOString() ?? null, pausedMinutes, targets }
}

/** Writes the row (insert or update) and mirrors state and stats onto the ticket, without bumping its version. */
export async function saveSla(scope: TenantScope, calendars: CalendarProvider, sla: SlaTicket, now: Date, isNew = false): Promise<void> {
  sla.state = overallState(sla.state, sla.targets)
  const cols = { state: sla.state, paused_at: sla.pausedAt, targets: JSON.stringify(sla.targets), timer_id: sla.timerId, next_at: sla.nextAt, updated_at: now }
  // The policy snapshot never changes after the start: written once.
  if (isNew) await scope.insert('sla_tickets', { ticket_id: sla.ticketId, policy_id: sla.policy.id, policy: JSON.stringify(sla.policy), ...cols, created_at: now })
  else await scope.table('sla_tickets').where({ ticket_id: sla.ticketId }).update(cols)
  // Derived data: a version bump would make every client's next edit a 409.
  await scope.table('tickets').where({ id: sla.ticketId }).update({ sla_state: sla.state, sla: JSON.stringify(ticketStats(calendars, sla, now)) })
}

export interface SlaLogEntry {
  target?: TargetKind
  event: 'started' | 'warned' | 'breached' | 'escalated' | 'met' | 'paused' | 'resumed' | 'stopped' | 'retargeted'
  level?: number
  dueAt?: Date
  /** Timed events: their firing key (`<target>:<cycle>:<event>`), unique per ticket. */
  key?: string
  data?: Record<string, unknown>
}

/**
 * Logs an SLA event (`sla_events`) and puts it on the ticket timeline as `sla_<event>`. A timed
 * event is claimed by its key first; `act` (its actions) runs only when the claim is new, and
 * what it returns joins the entry. Returns false for an event logged before. The scope must not
 * carry `tickets.events`: the SLA plugin does not listen to its own entries.
 */
export async function logEvent(scope: TenantScope, ticketId: string, now: Date, e: SlaLogEntry, act?: () => Promise<Record<string, unknown>>): Promise<boolean> {
  const data: Record<string, unknown> = { ...(e.target ? { target: e.target } : {}), ...(e.level ? { level: e.level } : {}), ...(e.dueAt ? { dueAt: e.dueAt.toISOString() } : {}), ...e.data, at: now.toISOString() }
  const [row] = await scope.insert('sla_events', {
    ticket_id: ticketId, target: e.target ?? null, event: e.event, level: e.level ?? null, due_at: e.dueAt ?? null, at: now,
    event_key: e.key ?? null, data: JSON.stringify(data),
  }).onConflict(['tenant_id', 'ticket_id', 'event_key']).ignore().returning('id')
  if (!row) return false
  if (act) {
    Object.assign(data, await act())
    // recorded_at: when the actions were done (what the escalation-lag benchmark measures).
    await scope.table('sla_events').where({ id: row.id }).update({ data: JSON.stringify(data), recorded_at: scope.db.raw('clock_timestamp()') })
  }
  await recordEvent(scope, ticketId, `sla_${e.event}`, SLA_ACTOR, data)
  return true
}
