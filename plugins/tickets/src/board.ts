import type { Knex, TenantScope } from '@scrm/store'

const INSTANT = new Set(['start', 'end'])

/**
 * The live board's aggregates, each one SQL statement over the tenant's tickets (and, for node
 * times, the flow runtime's history of the instances those tickets started).
 */
export interface BoardFilter {
  /** Ticket type key. */
  type?: string
  /** Team key (tickets store the team key). */
  team?: string
  /** Start of the period: throughput and node times cover tickets created from here on. */
  since: Date
  now: Date
  /** IANA time zone the day/hour buckets follow (a Chinese tenant's day starts at 00:00 +08:00). */
  timeZone: string
  bucket: 'hour' | 'day'
}

type Sql = [string, Knex.RawBinding[]]

/** Type/team conditions on a `tickets t` row (its type joined as `tt`). */
function where(f: BoardFilter): Sql {
  const parts: Sql = ['', []]
  if (f.type) { parts[0] += ' and tt.key = ?'; parts[1].push(f.type) }
  if (f.team) { parts[0] += ' and t.team = ?'; parts[1].push(f.team) }
  return parts
}

const TYPE_JOIN = 'left join ticket_types tt on tt.tenant_id = t.tenant_id and tt.id = t.type_id'
const rows = (r: { rows?: unknown[] } | unknown[]) => ((Array.isArray(r) ? r : r.rows) ?? []) as Array<Record<string, any>>

/**
 * Tickets per status with their SLA state. Working tickets count whenever they were made;
 * resolved and closed ones only when they got there within the period, or the columns would
 * only ever grow.
 */
export async function ticketsByState(scope: TenantScope, f: BoardFilter) {
  const [cond, b] = where(f)
  const result = await scope.db.raw(`
    select s.key, s.name, s.category, s.position,
      count(t.id)::int as total,
      count(t.id) filter (where t.sla_state = 'breached')::int as breached,
      count(t.id) filter (where t.sla_state = 'at_risk')::int as at_risk,
      count(t.id) filter (where t.sla_state = 'ok')::int as ok,
      count(t.id) filter (where t.sla_state is null)::int as none
    from ticket_statuses s
    left join (tickets t ${TYPE_JOIN})
      on t.tenant_id = s.tenant_id and t.status = s.key and t.merged_into_id is null ${cond}
      and (t.status_category in ('new', 'open', 'pending') or coalesce(t.closed_at, t.resolved_at, t.updated_at) >= ?)
    where s.tenant_id = ?
    group by s.key, s.name, s.category, s.position
    order by s.position`, [...b, f.since, scope.tenantId])
  return rows(result).map(r => ({
    key: r.key as string, name: r.name, category: r.category as string, total: r.total as number,
    sla: { breached: r.breached as number, atRisk: r.at_risk as number, ok: r.ok as number, none: r.none as number },
  }))
}

/**
 * Time spent per flow node. A visit starts at the node's `node` history entry and ends at the
 * token's next one; a token still parked there counts until now, a token that ended there
 * (end node, fork) until it was completed. Visits of subflows count under their own flow.
 */
export async function timePerNode(scope: TenantScope, f: BoardFilter) {
  const [cond, b] = where(f)
  const result = await scope.db.raw(`
    with visits as (
      select i.flow_key, i.flow_version_id, h.token_id, h.node_id, h.at,
        lead(h.at) over (partition by h.token_id order by h.seq) as next_at
      from history h
      join instances i on i.tenant_id = h.tenant_id and i.id = h.instance_id
      join tickets t on t.tenant_id = i.tenant_id and t.id = i.ticket_id
      ${TYPE_JOIN}
      where h.tenant_id = ? and h.event = 'node' and t.created_at >= ? ${cond}
    ), spans as (
      select v.flow_key, v.flow_version_id, v.node_id,
        extract(epoch from coalesce(v.next_at, case when tk.status in ('active', 'waiting') then ?::timestamptz else tk.updated_at end) - v.at) as seconds
      from visits v
      join tokens tk on tk.tenant_id = ? and tk.id = v.token_id
    )
    select flow_key, node_id, max(flow_version_id::text) as version_id, count(*)::int as visits,
      avg(seconds)::float8 as avg_s, (percentile_cont(0.5) within group (order by seconds))::float8 as median_s
    from spans
    group by flow_key, node_id
    order by avg_s desc, flow_key, node_id`, [scope.tenantId, f.since, ...b, f.now, scope.tenantId])
  const nodes = rows(result)
  // Names come from the flow versions the visits ran (a node renamed later keeps its old name here).
  const versionIds = [...new Set(nodes.map(n => n.version_id as string))]
  const irs = versionIds.length ? await scope.table('flow_versions').whereIn('id', versionIds).select('id', 'ir') : []
  const names = new Map<string, { name?: string, type?: string }>()
  for (const v of irs) for (const n of (v.ir?.nodes ?? []) as Array<{ id: string, name?: string, type?: string }>) names.set(`${v.id}/${n.id}`, n)
  // A start or an end is a moment, not a place where work waits: it has no time to show.
  return nodes.filter(n => !INSTANT.has(names.get(`${n.version_id}/${n.node_id}`)?.type ?? '')).map((n) => {
    const def = names.get(`${n.version_id}/${n.node_id}`)
    return {
      flowKey: n.flow_key as string, nodeId: n.node_id as string, name: def?.name ?? n.node_id, type: def?.type ?? null,
      visits: n.visits as number, avgMinutes: round(n.avg_s / 60), medianMinutes: round(n.median_s / 60),
    }
  })
}

const round = (x: number) => Math.round(x * 100) / 100

/** Tickets created and resolved per hour or day of the period, every bucket present (zeros too). */
export async function throughput(scope: TenantScope, f: BoardFilter) {
  const [cond, b] = where(f)
  const trunc = `date_trunc('${f.bucket}', %s, ?)`
  const counted = (column: string) => `
    select ${trunc.replace('%s', `t.${column}`)} as at, count(*)::int as n
    from tickets t ${TYPE_JOIN}
    where t.tenant_id = ? and t.${column} >= ? and t.merged_into_id is null ${cond}
    group by 1`
  const result = await scope.db.raw(`
    with b as (select generate_series(${trunc.replace('%s', '?::timestamptz')}, ?::timestamptz, interval '1 ${f.bucket}') as at),
      c as (${counted('created_at')}),
      r as (${counted('resolved_at')})
    select b.at, coalesce(c.n, 0)::int as created, coalesce(r.n, 0)::int as resolved
    from b left join c on c.at = b.at left join r on r.at = b.at
    order by b.at`, [
    f.since, f.timeZone, f.now,
    f.timeZone, scope.tenantId, f.since, ...b,
    f.timeZone, scope.tenantId, f.since, ...b,
  ])
  return rows(result).map(r => ({ at: new Date(r.at).toISOString(), created: r.created as number, resolved: r.resolved as number }))
}

/** What the filters offer: active types and the teams tickets were given. */
export async function boardFilters(scope: TenantScope) {
  const [types, teams] = await Promise.all([
    scope.table('ticket_types').where({ active: true }).orderBy('key').select('key', 'name'),
    scope.table('tickets').whereNotNull('team').distinct('team').orderBy('team').pluck('team'),
  ])
  return { types: types as Array<{ key: string, name: unknown }>, teams: teams as string[] }
}
