import { badRequest, notFound, type PluginHost } from '@scrm/kernel'
import { type Actor, mutate } from '@scrm/plugin-tickets'
import { supervisorChain, teamSupervisor } from '@scrm/plugin-org'
import type { TenantScope } from '@scrm/store'
import type { RoutingCache } from './cache.js'
import { loadFacts, UUID_RE } from './store.js'
import { routeFacts, type RouteResult, type RouterEnv } from './router.js'
import type { PoolSpec } from './rules.js'

const invalid = (field: string, message: string) => badRequest(`invalid body: ${field} ${message}`, [{ in: 'body', field, message }])

export interface ManualAssignment {
  /** null = back to the team queue. */
  assigneeId: string | null
  team?: string | null
  reason: string
  actor: Actor
}

export interface ManualResult {
  assignmentId: string
  assigneeId: string | null
  team: string | null
}

/**
 * Open user tasks of the ticket's flow follow a manual assignment, so the new person can
 * complete them (the runtime's `tasks` table, by the ticket's instance; documented in the README).
 */
async function moveOpenTasks(s: TenantScope, instanceId: string | null, assigneeId: string | null): Promise<number> {
  if (!instanceId) return 0
  return s.table('tasks').where({ instance_id: instanceId, status: 'open', kind: 'userTask' })
    .update({ assignee_id: assigneeId, version: s.db.raw('version + 1'), updated_at: new Date() })
}

/**
 * A supervisor's override (or an escalation's "reassign to X"): always possible, always recorded
 * with its reason in routing_assignments and on the timeline (`assigned` / `transferred`).
 */
export async function assignManually(host: PluginHost, cache: RoutingCache, scope: TenantScope, ticketId: string, m: ManualAssignment, kind: 'override' | 'reassign' = 'override'): Promise<ManualResult> {
  return scope.transaction(async (s) => {
    const facts = await loadFacts(s, ticketId)
    if (!facts) throw notFound('ticket')
    if (m.assigneeId && !(UUID_RE.test(m.assigneeId) && await s.table('users').where({ id: m.assigneeId, active: true }).whereIn('role', ['admin', 'supervisor', 'agent']).first('id')))
      throw invalid('/assigneeId', 'is not an active staff user of this tenant')
    const org = (await cache.get(s)).org
    if (m.team && !org.teams.has(m.team)) throw invalid('/team', `is not a team: ${m.team}`)
    const team = m.team === undefined ? facts.team : m.team
    const [row] = await s.insert('routing_assignments', {
      ticket_id: facts.id, kind, outcome: m.assigneeId ? 'assigned' : 'queued', assignee_id: m.assigneeId, team, previous_assignee_id: facts.assigneeId,
      reason: m.reason, actor_id: m.actor.id ?? null, decision: JSON.stringify({ manual: true, by: m.actor, previous: { assigneeId: facts.assigneeId, team: facts.team } }),
    }).returning('id')
    await mutate(s, facts.id, undefined, m.actor, async (t) => {
      const set: Record<string, unknown> = { assignee_id: m.assigneeId }
      if (team !== t.team) set.team = team
      const moved = t.assigneeId && m.assigneeId !== t.assigneeId
      return {
        set,
        events: [{ kind: moved ? 'transferred' : 'assigned', data: { from: { assigneeId: t.assigneeId, team: t.team }, to: { assigneeId: m.assigneeId, team }, reason: m.reason, by: kind, assignmentId: row.id } }],
      }
    })
    await moveOpenTasks(s, facts.flowInstanceId, m.assigneeId)
    return { assignmentId: row.id, assigneeId: m.assigneeId, team: team ?? null }
  })
}

/** Where an escalation's reassign sends the ticket. */
export type ReassignTarget =
  | { userId: string }
  /** The next one up from the current assignee (supervisor chain), else the team's supervisor. */
  | { supervisor: true }
  | { pool: PoolSpec, strategy: string, config?: Record<string, unknown> }
  /** Through the tenant's rules again. */
  | { rules: true }

/**
 * For SLA escalation actions: reassign the ticket, recorded as kind `reassign`. Routed targets
 * leave the current assignee out (escalating back to the same person helps nobody).
 */
export async function reassign(env: RouterEnv, scope: TenantScope, ticketId: string, to: ReassignTarget, reason: string, actor: Actor): Promise<RouteResult | ManualResult> {
  if ('userId' in to) return assignManually(env.host, env.cache, scope, ticketId, { assigneeId: to.userId, reason, actor }, 'reassign')
  if ('supervisor' in to) {
    const target = await scope.transaction(async (s) => {
      const facts = await loadFacts(s, ticketId)
      if (!facts) throw notFound('ticket')
      const org = (await env.cache.get(s)).org
      return (facts.assigneeId ? supervisorChain(org, facts.assigneeId)[0]?.userId : undefined) ?? teamSupervisor(org, facts.team) ?? null
    })
    return assignManually(env.host, env.cache, scope, ticketId, { assigneeId: target, reason, actor }, 'reassign')
  }
  return scope.transaction(async (s) => {
    const facts = await loadFacts(s, ticketId)
    if (!facts) throw notFound('ticket')
    const direct = 'pool' in to ? { pool: to.pool, strategy: to.strategy, config: to.config } : undefined
    return routeFacts(env, s, facts, { direct, kind: 'reassign', reason, actor, exclude: facts.assigneeId ? [facts.assigneeId] : [] })
  })
}
