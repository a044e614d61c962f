import type { Role, TenantScope } from '@scrm/store'
import { type Agent, type Region, type Team, toRegion, toTeam } from './model.js'
import type { Rota, Shift, ShiftOverride } from './rota.js'

/**
 * The whole organisation of a tenant in memory: what routing decides over without touching the
 * database (a few thousand rows even for large tenants). Overrides are loaded from yesterday on,
 * which is all `isOnDutyAt` can ask about for instants from now on.
 */
export interface OrgSnapshot {
  tenantId: string
  agents: Agent[]
  byId: Map<string, Agent>
  /** Team key → its active members (in user-id order). Shared: do not mutate. */
  byTeam: Map<string, Agent[]>
  /** Every active person (in user-id order). Shared: do not mutate. */
  active: Agent[]
  teams: Map<string, Team>
  regions: Map<string, Region>
  /** Region lookup by id, code or name (tickets store a free-text region such as 华东 or 上海). */
  regionByRef: Map<string, Region>
  loadedAt: Date
}

const STAFF: Role[] = ['admin', 'supervisor', 'agent']

function group<T>(rows: Row[], key: (r: Row) => string, value: (r: Row) => T): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    const k = key(r)
    const list = out.get(k)
    if (list) list.push(value(r))
    else out.set(k, [value(r)])
  }
  return out
}
type Row = Record<string, any>

/**
 * Independent reads: concurrently on a pool, one after another inside a transaction (a
 * transaction is one connection, and PGlite has only one anyway).
 */
export async function inParallel(scope: TenantScope, reads: Array<() => PromiseLike<unknown>>): Promise<Row[][]> {
  if (!scope.db.isTransaction) return Promise.all(reads.map(r => r())) as Promise<Row[][]>
  const out: Row[][] = []
  for (const r of reads) out.push(await r() as Row[])
  return out
}

/** `userIds` narrows the people loaded (one profile for the API); teams and regions are always whole. */
export async function loadOrgSnapshot(scope: TenantScope, now = new Date(), userIds?: readonly string[]): Promise<OrgSnapshot> {
  const only = <Q extends { whereIn: (c: string, v: readonly string[]) => Q }>(q: Q, column: string) => (userIds ? q.whereIn(column, userIds) : q)
  const since = new Date(now.getTime() - 2 * 86_400_000).toISOString().slice(0, 10)
  const [users, teams, regions, members, skills, served, shifts, overrides] = await inParallel(scope, [
    () => only(scope.table('users'), 'users.id').leftJoin('org_profiles as p', function () { this.on('p.tenant_id', 'users.tenant_id').andOn('p.user_id', 'users.id') })
      .whereIn('users.role', STAFF)
      .select('users.id', 'users.display_name', 'users.role', 'users.active', 'p.supervisor_id', 'p.capacity', 'p.lat', 'p.lng', 'p.timezone', 'p.roles'),
    () => scope.table('org_teams').select('*'),
    () => scope.table('org_regions').select('*'),
    () => scope.table('org_team_members as m').join('org_teams as t', function () { this.on('t.tenant_id', 'm.tenant_id').andOn('t.id', 'm.team_id') })
      .modify(q => only(q, 'm.user_id')).select('m.user_id', 't.key'),
    () => only(scope.table('org_user_skills'), 'user_id').select('user_id', 'skill', 'level'),
    () => only(scope.table('org_user_regions'), 'user_id').select('user_id', 'region_id'),
    () => only(scope.table('org_shifts'), 'user_id').select('user_id', 'weekday', 'start_min', 'end_min').orderBy(['user_id', 'weekday', 'start_min']),
    () => only(scope.table('org_shift_overrides'), 'user_id').where('date', '>=', since)
      .select('user_id', scope.db.raw('date::text as date'), 'on_duty', 'start_min', 'end_min'),
  ])

  const teamsOf = group(members, r => r.user_id, r => r.key as string)
  const skillsOf = group(skills, r => r.user_id, r => [r.skill as string, Number(r.level)] as const)
  const regionsOf = group(served, r => r.user_id, r => r.region_id as string)
  const shiftsOf = group(shifts, r => r.user_id, (r): Shift => ({ weekday: r.weekday, start: r.start_min, end: r.end_min }))
  const overridesOf = group(overrides, r => r.user_id, (r): ShiftOverride => ({ date: r.date, onDuty: r.on_duty, start: r.start_min ?? null, end: r.end_min ?? null }))

  const agents: Agent[] = users.map((u) => {
    const rota: Rota = {
      timezone: u.timezone ?? null,
      shifts: shiftsOf.get(u.id) ?? [],
      overrides: new Map((overridesOf.get(u.id) ?? []).map(o => [o.date, o])),
    }
    return {
      userId: u.id,
      name: u.display_name,
      role: u.role,
      roles: u.roles ?? [],
      active: u.active,
      teams: (teamsOf.get(u.id) ?? []).sort(),
      skills: Object.fromEntries(skillsOf.get(u.id) ?? []),
      regionIds: regionsOf.get(u.id) ?? [],
      location: u.lat == null ? null : { lat: Number(u.lat), lng: Number(u.lng) },
      capacity: u.capacity ?? DEFAULT_CAPACITY,
      supervisorId: u.supervisor_id ?? null,
      rota,
    }
  })
  // Stable order everywhere downstream: ties break by user id (see routing's tie-break rules).
  agents.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))

  const regionMap = new Map(regions.map(r => [r.id as string, toRegion(r)]))
  const regionByRef = new Map<string, Region>()
  // Names may repeat across the tree (two 朝阳区); codes are unique and win over names.
  for (const r of regionMap.values()) if (!regionByRef.has(r.name)) regionByRef.set(r.name, r)
  for (const r of regionMap.values()) { regionByRef.set(r.code, r); regionByRef.set(r.id, r) }

  const byTeam = new Map<string, Agent[]>()
  for (const a of agents) {
    if (!a.active) continue
    for (const key of a.teams) {
      const list = byTeam.get(key)
      if (list) list.push(a)
      else byTeam.set(key, [a])
    }
  }
  return {
    tenantId: scope.tenantId,
    agents,
    byId: new Map(agents.map(a => [a.userId, a])),
    byTeam,
    active: agents.filter(a => a.active),
    teams: new Map(teams.map(t => [t.key as string, toTeam(t)])),
    regions: regionMap,
    regionByRef,
    loadedAt: now,
  }
}

/** Capacity of someone without a profile row. */
export const DEFAULT_CAPACITY = 20
