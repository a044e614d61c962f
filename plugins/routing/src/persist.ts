import { randomUUID } from 'node:crypto'
import type { PluginHost } from '@scrm/kernel'
import { type Actor, mutate } from '@scrm/plugin-tickets'
import { teamSupervisor } from '@scrm/plugin-org'
import { tenantScope, type TenantScope } from '@scrm/store'
import type { TenantRouting } from './cache.js'
import type { Decision } from './decide.js'
import type { TicketFacts } from './facts.js'
import { notifyQueued, type QueueNotice } from './notify.js'
import { saveCursor } from './store.js'

export interface PersistOptions {
  kind: 'auto' | 'override' | 'reassign'
  actor: Actor
  reason?: string
  /** Flow path: the task carries the assignee (the tickets plugin copies it); only team/priority are written here. */
  flow?: { instanceId: string, nodeId: string }
  previousAssigneeId?: string | null
}

export const SYSTEM: Actor = { kind: 'system', name: 'routing' }

/** The timeline's view of a decision: enough to read why, with the full record one click away. */
export function timelineSummary(d: Decision, assignmentId: string, extra: Record<string, unknown>) {
  return {
    assignmentId, outcome: d.outcome, source: d.source, rule: d.rule && { id: d.rule.id, name: d.rule.name, ...(d.rule.keyword ? { keyword: d.rule.keyword } : {}) },
    strategy: d.strategy, team: d.team, assigneeId: d.assigneeId, poolSize: d.poolSize,
    candidates: d.candidates.slice(0, 5).map(c => ({ userId: c.userId, name: c.name, score: c.score, why: c.why })),
    dropped: d.droppedCounts, tieBreak: d.tieBreak, ...(d.notes.length ? { notes: d.notes } : {}), ...extra,
  }
}

/** Queue outcomes notify the team's supervisor, else (no team, no supervisor) the tenant's admins. */
function whoToTell(t: TenantRouting, d: Decision): string[] {
  if (d.outcome !== 'queued' || !t.settings.notifyOnQueue) return []
  const sup = teamSupervisor(t.org, d.team)
  return sup ? [sup] : t.org.agents.filter(a => a.role === 'admin' && a.active).map(a => a.userId)
}

/**
 * The notification in a savepoint: a broken notify setup must not fail the ticket's intake or
 * its flow step. A failure is noted on the decision (and so on the record and the timeline);
 * the ticket still sits in the team queue for anyone to see.
 */
async function tell(host: PluginHost, s: TenantScope, n: QueueNotice, d: Decision): Promise<string[]> {
  try {
    return await s.db.transaction(trx => notifyQueued(host, tenantScope(s.tenantId, trx), n))
  }
  catch (err) {
    d.notes.push(`supervisor notification failed: ${(err as Error).message}`)
    return []
  }
}

/**
 * Writes a decision in the caller's transaction: the assignment record, the ticket's new
 * assignee / team / priority with a `routed` timeline entry, rule tags, the round-robin cursor,
 * and the supervisor's notification for a queued ticket.
 */
export async function persistDecision(host: PluginHost, s: TenantScope, t: TenantRouting, facts: TicketFacts, d: Decision, o: PersistOptions): Promise<{ assignmentId: string, notifyTo: string[], notified: string[] }> {
  const notifyTo = whoToTell(t, d)
  // The id first, so the notification's idempotency key and the record agree without a second write.
  const assignmentId = randomUUID()
  const notified = notifyTo.length ? await tell(host, s, { assignmentId, ticket: facts, team: d.team, recipients: notifyTo, urgent: facts.priority === 'urgent' }, d) : []
  await s.insert('routing_assignments', {
    id: assignmentId, notified, ticket_id: facts.id ?? null, instance_id: o.flow?.instanceId ?? null, node_id: o.flow?.nodeId ?? null, kind: o.kind, outcome: d.outcome,
    rule_id: d.rule?.id ?? null, rule_name: d.rule?.name ?? null, strategy: d.strategy, assignee_id: d.assigneeId, team: d.team,
    previous_assignee_id: o.previousAssigneeId ?? facts.assigneeId ?? null, reason: o.reason ?? null, actor_id: o.actor.id ?? null,
    decision: JSON.stringify(d),
  })
  if (d.strategy === 'round-robin' && d.assigneeId && d.poolKey) await saveCursor(s, d.poolKey, d.assigneeId)
  if (!facts.id) return { assignmentId, notifyTo, notified }

  if (d.tags.length) {
    await s.insert('routing_ticket_tags', d.tags.map(tag => ({ ticket_id: facts.id, tag, source: 'rule', detail: d.rule?.name ?? null })))
      .onConflict(['tenant_id', 'ticket_id', 'tag']).ignore()
  }
  await mutate(s, facts.id, undefined, o.actor, async (ticket) => {
    const set: Record<string, unknown> = {}
    if (d.team && d.team !== ticket.team) set.team = d.team
    // Queued: the ticket waits in the team queue with nobody on it (also after a failed re-route).
    if (!o.flow && d.outcome !== 'unrouted' && d.assigneeId !== ticket.assigneeId) set.assignee_id = d.assigneeId
    if (d.raisePriority) set.priority = d.raisePriority
    const extra = {
      from: { assigneeId: ticket.assigneeId, team: ticket.team, priority: ticket.priority },
      ...(o.reason ? { reason: o.reason } : {}), ...(notifyTo.length ? { supervisors: notifyTo, notified } : {}), ...(d.tags.length ? { tags: d.tags } : {}),
      ...(o.flow ? { nodeId: o.flow.nodeId } : {}), kind: o.kind,
    }
    return { set, events: [{ kind: 'routed', data: timelineSummary(d, assignmentId, extra) }] }
  })
  return { assignmentId, notifyTo, notified }
}
