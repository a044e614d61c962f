import type { PluginHost } from '@scrm/kernel'
import type { Actor, TicketEvents } from '@scrm/plugin-tickets'
import { recordEvent } from '@scrm/plugin-tickets'
import { tenantScope, type TenantScope } from '@scrm/store'
import type { RoutingConfigSnapshot } from './cache.js'
import type { KeywordHit } from './keywords.js'
import { routeFacts, type RouterEnv } from './router.js'
import { loadFacts } from './store.js'

const TAGGER: Actor = { kind: 'system', name: 'routing' }

/** The scope bound to a savepoint, keeping whatever else the caller's scope carries (ticket events). */
const withScope = (scope: TenantScope, trx: TenantScope['db']): TenantScope => ({ ...scope, db: trx, table: n => tenantScope(scope.tenantId, trx).table(n), insert: (n, r) => tenantScope(scope.tenantId, trx).insert(n, r), query: m => tenantScope(scope.tenantId, trx).query(m), transaction: fn => fn(withScope(scope, trx)) })

/** Dictionary hits of a ticket's title and description, stored as tags with a `tagged` timeline entry. */
export async function tagTicket(s: TenantScope, t: Pick<RoutingConfigSnapshot, 'tagger'>, ticket: { id: string, title: string, description: string }): Promise<KeywordHit[]> {
  const hits = t.tagger.tag(`${ticket.title}\n${ticket.description}`)
  if (!hits.length) return hits
  await s.insert('routing_ticket_tags', hits.map(h => ({ ticket_id: ticket.id, tag: h.tag, source: 'keyword', detail: `${h.dictionary}:${h.term}`.slice(0, 200) })))
    .onConflict(['tenant_id', 'ticket_id', 'tag']).ignore()
  await recordEvent(s, ticket.id, 'tagged', TAGGER, { tags: hits.map(h => h.tag), hits })
  return hits
}

/**
 * Intake: listens to the tickets plugin's `tickets.events` for `created` (inside the creation
 * transaction, before the type's flow starts). Tags by the keyword dictionaries, then — for
 * types without a flow — routes by the tenant's rules. A flow's userTask routes with
 * `assign: { rules: true }` instead, and sees the tags. Tenants with no dictionaries and no rules
 * are not touched at all.
 */
export function connectIntake(env: RouterEnv, events: TicketEvents, host: PluginHost): void {
  events.on(async (scope, event) => {
    if (event.kind !== 'created' || !host.registries.routes.get(scope.tenantId, '/routing')) return
    // The configuration alone first: tenants that use no routing cost three cached queries, no org load.
    const t = await env.cache.config(scope)
    const routes = t.settings.routeOnIntake && (t.rules.length > 0 || !!t.settings.fallback)
    if (!t.hasDictionaries && !routes) return
    const facts = await loadFacts(scope, event.ticketId)
    if (!facts) return
    const hits = t.hasDictionaries ? await tagTicket(scope, t, facts) : []
    for (const h of hits) if (!facts.tags.includes(h.tag)) facts.tags.push(h.tag)
    if (!routes || facts.flowKey) return
    // In a savepoint: a routing failure must not lose the ticket. It is created unrouted, and says so.
    try {
      await scope.db.transaction(trx => routeFacts(env, withScope(scope, trx), facts))
    }
    catch (err) {
      env.logger?.error({ err, ticketId: facts.id }, 'routing on intake failed')
      await recordEvent(scope, facts.id, 'routing_failed', TAGGER, { message: (err as Error).message })
    }
  })
}
