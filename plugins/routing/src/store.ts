import type { TenantScope } from '@scrm/store'
import { factsFromRows, type TicketFacts } from './facts.js'
import type { Dictionary } from './keywords.js'
import type { RoutingRule } from './rules.js'
import type { ExperienceStat } from './strategies/types.js'

type Row = Record<string, any>
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v))

export const toRule = (r: Row): RoutingRule & { createdAt: string, updatedAt: string } => ({
  id: r.id, name: r.name, position: r.position, enabled: r.enabled, when: r.condition ?? null, keywords: r.keywords ?? [], pool: r.pool ?? {},
  strategy: r.strategy, config: r.config ?? {}, raisePriority: r.raise_priority ?? null, tags: r.tags ?? [], createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
})

export const toDictionary = (r: Row): Dictionary & { name: string, createdAt: string, updatedAt: string } => ({
  id: r.id, key: r.key, name: r.name, match: r.match, tagPrefix: r.tag_prefix, entries: r.entries ?? [], enabled: r.enabled,
  createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
})

export interface RoutingSettings {
  /** Route tickets of types without a flow when they are created (default true). */
  routeOnIntake: boolean
  /** Used when no rule matches; none = the ticket is recorded as unrouted. */
  fallback: { pool: { team?: string, role?: string, skills?: string[], region?: string }, strategy: string } | null
  /** Tell the team's supervisor when a ticket lands in the queue with nobody to take it (default true). */
  notifyOnQueue: boolean
}

export const DEFAULT_SETTINGS: RoutingSettings = { routeOnIntake: true, fallback: null, notifyOnQueue: true }

export async function getSettings(scope: TenantScope): Promise<RoutingSettings> {
  const row = await scope.table('routing_settings').first('settings')
  return { ...DEFAULT_SETTINGS, ...(row?.settings ?? {}) }
}

export const OPEN_CATEGORIES = ['new', 'open', 'pending']

/**
 * Open tickets per assignee — the documented query behind org's `openLoad` (org cannot read
 * tickets itself without depending on the tickets plugin). Uses tickets (tenant_id, assignee_id).
 */
export async function openLoads(scope: TenantScope, userIds: readonly string[]): Promise<Map<string, number>> {
  if (!userIds.length) return new Map()
  // One array parameter instead of a list of hundreds: less to parse and plan per decision.
  const rows = await scope.table('tickets').whereRaw('assignee_id = any(?::uuid[])', [[...userIds]]).whereIn('status_category', OPEN_CATEGORIES)
    .whereNull('merged_into_id').groupBy('assignee_id').select('assignee_id', scope.db.raw('count(*)::int as n'))
  return new Map(rows.map((r: Row) => [r.assignee_id as string, Number(r.n)]))
}

/**
 * Per person, on one ticket type, over the last `days`: tickets handled (assigned to them),
 * resolved (resolved_at set) and the mean hours from creation to resolution.
 */
export async function experienceStats(scope: TenantScope, typeKey: string | null, days = 180): Promise<Map<string, ExperienceStat>> {
  if (!typeKey) return new Map()
  const since = new Date(Date.now() - days * 86_400_000)
  const rows = await scope.table('tickets').join('ticket_types as tt', function () { this.on('tt.tenant_id', 'tickets.tenant_id').andOn('tt.id', 'tickets.type_id') })
    .where('tt.key', typeKey).whereNotNull('tickets.assignee_id').where('tickets.created_at', '>=', since).whereNull('tickets.merged_into_id')
    .groupBy('tickets.assignee_id')
    .select('tickets.assignee_id', scope.db.raw('count(*)::int as handled'), scope.db.raw('count(tickets.resolved_at)::int as resolved'),
      scope.db.raw('avg(extract(epoch from (tickets.resolved_at - tickets.created_at)) / 3600.0)::float8 as avg_hours'))
  return new Map(rows.map((r: Row) => [r.assignee_id as string, { handled: Number(r.handled), resolved: Number(r.resolved), avgHours: r.avg_hours == null ? null : Number(r.avg_hours) }]))
}

/**
 * A ticket (with its type key and flow), its customer and its tags as routing facts, in one
 * query (this runs once per decision); undefined when missing.
 */
export async function loadFacts(scope: TenantScope, ticketId: string): Promise<(TicketFacts & { id: string, number: string, flowKey: string | null, flowInstanceId: string | null }) | undefined> {
  if (!UUID_RE.test(ticketId)) return undefined
  const ticket = await scope.table('tickets')
    .leftJoin('ticket_types as tt', function () { this.on('tt.tenant_id', 'tickets.tenant_id').andOn('tt.id', 'tickets.type_id') })
    .leftJoin('customers as c', function () { this.on('c.tenant_id', 'tickets.tenant_id').andOn('c.id', 'tickets.customer_id') })
    .where('tickets.id', ticketId)
    .first('tickets.*', 'tt.key as type_key', 'tt.flow_key', 'c.id as c_id', 'c.tier as c_tier', 'c.tags as c_tags', 'c.region as c_region',
      scope.db.raw(`coalesce((select array_agg(rt.tag order by rt.tag) from routing_ticket_tags rt
        where rt.tenant_id = tickets.tenant_id and rt.ticket_id = tickets.id), '{}') as tag_list`))
  if (!ticket) return undefined
  const customer = ticket.c_id ? { tier: ticket.c_tier, tags: ticket.c_tags, region: ticket.c_region } : undefined
  const facts = factsFromRows(ticket, customer, ticket.tag_list ?? [])
  return { ...facts, id: ticket.id, number: ticket.number, flowKey: ticket.flow_key ?? null, flowInstanceId: ticket.flow_instance_id ?? null }
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** "Nobody yet": sorts before every real id, so the rotation starts at the first person. */
const NO_ONE = '00000000-0000-0000-0000-000000000000'

/**
 * The round-robin cursor of a pool, locked until the transaction ends, so concurrent decisions
 * on one pool take turns. The row is created first (as "nobody yet") so even the first two
 * tickets of a new pool cannot both start the rotation.
 */
export async function lockCursor(scope: TenantScope, key: string): Promise<string | null> {
  await scope.insert('routing_cursors', { pool_key: key, last_user_id: NO_ONE }).onConflict(['tenant_id', 'pool_key']).ignore()
  const row = await scope.table('routing_cursors').where({ pool_key: key }).forUpdate().first('last_user_id')
  return !row || row.last_user_id === NO_ONE ? null : row.last_user_id
}

export async function saveCursor(scope: TenantScope, key: string, userId: string): Promise<void> {
  await scope.insert('routing_cursors', { pool_key: key, last_user_id: userId })
    .onConflict(['tenant_id', 'pool_key']).merge({ last_user_id: userId, updated_at: new Date() })
}

export async function loadCursors(scope: TenantScope): Promise<Map<string, string>> {
  return new Map((await scope.table('routing_cursors').whereNot('last_user_id', NO_ONE).select('pool_key', 'last_user_id')).map((r: Row) => [r.pool_key, r.last_user_id]))
}
