import { notFound, type PluginHost } from '@scrm/kernel'
import type { Actor } from '@scrm/plugin-tickets'
import type { TenantScope } from '@scrm/store'
import { assignManually, type ManualAssignment, type ManualResult, reassign, type ReassignTarget } from './actions.js'
import type { RoutingCache } from './cache.js'
import type { Decision } from './decide.js'
import { isVip, locationOf, type TicketFacts } from './facts.js'
import { tagTicket } from './intake.js'
import type { KeywordHit } from './keywords.js'
import { decideNow, type RouteOptions, routeTicket, type RouteResult, type RouterEnv } from './router.js'
import type { PoolSpec } from './rules.js'
import { loadFacts } from './store.js'

/**
 * What the routing plugin offers other plugins: `services.get<RoutingService>('routing')`.
 * The SLA plugin's escalation "reassign" action calls `reassign`.
 */
export interface RoutingService {
  /** Route (or re-route) a ticket now: rules, or `direct` pool + strategy. Recorded and on the timeline. */
  route: (scope: TenantScope, ticketId: string, options?: RouteOptions) => Promise<RouteResult>
  /** The decision routing would make now, for a ticket id or plain ticket data; writes nothing. */
  preview: (scope: TenantScope, ticket: string | Partial<TicketFacts> & { customer?: Partial<TicketFacts['customer']> }, options?: { direct?: { pool: PoolSpec, strategy: string, config?: Record<string, unknown> } }) => Promise<Decision>
  /** A supervisor's manual assignment (null = back to the team queue), recorded with the reason. */
  override: (scope: TenantScope, ticketId: string, m: ManualAssignment) => Promise<ManualResult>
  /**
   * Escalation: to a user, to the next one up the supervisor chain (`{ supervisor: true }`), to a
   * pool by a strategy, or through the rules again (`{ rules: true }`; the current assignee is
   * left out). Recorded as kind `reassign` with the reason.
   */
  reassign: (scope: TenantScope, ticketId: string, to: ReassignTarget, options: { reason: string, actor?: Actor }) => Promise<RouteResult | ManualResult>
  /** Runs the keyword dictionaries over a ticket again (new dictionary entries); returns the hits. */
  tag: (scope: TenantScope, ticketId: string) => Promise<KeywordHit[]>
  tags: (scope: TenantScope, ticketId: string) => Promise<Array<{ tag: string, source: string, detail: string | null }>>
  /** Drops the tenant's cached org/rules/dictionaries (done automatically by org and routing writes). */
  invalidate: (tenantId: string) => void
}

const SYSTEM: Actor = { kind: 'system', name: 'escalation' }

/** Facts from loose preview input, with the same defaults a stored ticket would have. */
function factsOf(t: Partial<TicketFacts> & { customer?: Partial<TicketFacts['customer']> }): TicketFacts {
  const fields = t.fields ?? {}
  const customerTags = t.customer?.tags ?? []
  return {
    type: t.type ?? null, title: t.title ?? '', description: t.description ?? '', priority: t.priority ?? 'normal', region: t.region ?? null,
    channel: t.channel ?? null, team: null, assigneeId: null, fields, tags: t.tags ?? [],
    customer: { tier: t.customer?.tier ?? null, tags: customerTags, region: t.customer?.region ?? null, vip: isVip(t.customer?.tier, customerTags) },
    location: t.location ?? locationOf(fields),
  }
}

export function createRoutingService(env: RouterEnv, host: PluginHost, cache: RoutingCache): RoutingService {
  return {
    route: (scope, ticketId, options) => routeTicket(env, scope, ticketId, options),
    async preview(scope, ticket, options = {}) {
      return scope.transaction(async (s) => {
        const facts = typeof ticket === 'string' ? await loadFacts(s, ticket) : factsOf(ticket)
        if (!facts) throw notFound('ticket')
        // Preview decides like the real thing but never locks the round-robin cursor.
        return (await decideNow(env, s, facts, { direct: options.direct, peek: true })).decision
      })
    },
    override: (scope, ticketId, m) => assignManually(host, cache, scope, ticketId, m, 'override'),
    reassign: (scope, ticketId, to, o) => reassign(env, scope, ticketId, to, o.reason, o.actor ?? SYSTEM),
    tag: (scope, ticketId) => scope.transaction(async (s) => {
      const facts = await loadFacts(s, ticketId)
      if (!facts) throw notFound('ticket')
      return tagTicket(s, await cache.get(s), facts)
    }),
    async tags(scope, ticketId) {
      return (await scope.table('routing_ticket_tags').where({ ticket_id: ticketId }).orderBy('tag').select('tag', 'source', 'detail'))
        .map((r: { tag: string, source: string, detail: string | null }) => ({ tag: r.tag, source: r.source, detail: r.detail ?? null }))
    },
    invalidate: tenantId => cache.invalidate(tenantId),
  }
}
