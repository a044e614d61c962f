import { type AssignmentStrategyDef, type Logger, notFound, type PluginHost } from '@scrm/kernel'
import type { Actor } from '@scrm/plugin-tickets'
import type { TenantScope } from '@scrm/store'
import type { RoutingCache, TenantRouting } from './cache.js'
import { type Decision, decide, plan, type RouteRequest, type RoutingSnapshot } from './decide.js'
import type { TicketFacts } from './facts.js'
import { persistDecision, SYSTEM } from './persist.js'
import type { PoolSpec } from './rules.js'
import { loadCursors, loadFacts, lockCursor, openLoads } from './store.js'
import type { RoutingStrategy } from './strategies/types.js'

export interface RouteOptions {
  /** A pool and strategy instead of the tenant's rules (a flow's assign, an escalation). */
  direct?: { pool: PoolSpec, strategy: string, config?: Record<string, unknown> }
  kind?: 'auto' | 'reassign'
  exclude?: string[]
  actor?: Actor
  reason?: string
  flow?: { instanceId: string, nodeId: string }
  now?: Date
}

export interface RouteResult {
  decision: Decision
  assignmentId: string
  /** Supervisors told about a queued ticket (empty when none was needed or notify is off). */
  notified: string[]
}

export interface RouterEnv {
  host: PluginHost
  logger?: Logger
  cache: RoutingCache
  now: () => Date
}

/** Strategies visible to the tenant (plugins may add their own through `assignmentStrategies`). */
export function strategyLookup(host: PluginHost, tenantId: string): (id: string) => RoutingStrategy | undefined {
  return id => host.registries.assignmentStrategies.get(tenantId, id) as AssignmentStrategyDef as RoutingStrategy | undefined
}

/** The in-memory snapshot for one decision: cached org/rules plus this decision's loads and cursor. */
export function snapshotOf(host: PluginHost, tenantId: string, t: TenantRouting, extra: Pick<RoutingSnapshot, 'loads' | 'cursors'> & { experience?: RoutingSnapshot['experience'] }): RoutingSnapshot {
  return {
    org: t.org, rules: t.rules, fallback: t.settings.fallback, strategy: strategyLookup(host, tenantId),
    loads: extra.loads, cursors: extra.cursors, experience: extra.experience ?? (() => undefined),
  }
}

/**
 * Decides with fresh loads and (for round-robin) the pool's cursor locked, in the caller's
 * transaction. Only the pool's members' loads are read.
 */
export async function decideNow(env: RouterEnv, s: TenantScope, facts: TicketFacts, o: Pick<RouteOptions, 'direct' | 'now' | 'exclude'> & { peek?: boolean }): Promise<{ t: TenantRouting, decision: Decision }> {
  const t = await env.cache.get(s)
  const req: RouteRequest = { ticket: facts, direct: o.direct, exclude: o.exclude, now: o.now ?? env.now() }
  const base = snapshotOf(env.host, s.tenantId, t, { loads: new Map(), cursors: new Map() })
  const p = plan(base, req)
  if (!p) return { t, decision: await decide(base, req) }
  const loads = await openLoads(s, p.userIds)
  const cursor = p.strategy !== 'round-robin' ? null : o.peek ? (await loadCursors(s)).get(p.poolKey) ?? null : await lockCursor(s, p.poolKey)
  const stats = p.strategy === 'experience' ? await env.cache.experienceFor(s, facts.type) : undefined
  const snap = snapshotOf(env.host, s.tenantId, t, { loads, cursors: new Map(cursor ? [[p.poolKey, cursor]] : []), experience: () => stats })
  return { t, decision: await decide(snap, req) }
}

/** Decide and write it all down (assignment record, ticket, timeline, cursor, notification). */
export async function routeFacts(env: RouterEnv, s: TenantScope, facts: TicketFacts, o: RouteOptions = {}): Promise<RouteResult> {
  const { t, decision } = await decideNow(env, s, facts, o)
  const saved = await persistDecision(env.host, s, t, facts, decision, { kind: o.kind ?? 'auto', actor: o.actor ?? SYSTEM, reason: o.reason, flow: o.flow })
  return { decision, assignmentId: saved.assignmentId, notified: saved.notified }
}

export async function routeTicket(env: RouterEnv, scope: TenantScope, ticketId: string, o: RouteOptions = {}): Promise<RouteResult> {
  return scope.transaction(async (s) => {
    const facts = await loadFacts(s, ticketId)
    if (!facts) throw notFound('ticket')
    return routeFacts(env, s, facts, o)
  })
}
