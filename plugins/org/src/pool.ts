import type { Agent, Region } from './model.js'
import type { OrgSnapshot } from './snapshot.js'

/** Who may be asked at all: a team, a role (platform or business), the region served. */
export interface PoolQuery {
  team?: string | null
  role?: string | null
  /** A region id, code or name; agents serving it or any region above it qualify. */
  region?: string | null
}

export interface Pool {
  agents: Agent[]
  /** Set when the query named a region the tree does not know: that part of the query was ignored. */
  unknownRegion?: string
  /** Set when the query named a team that does not exist: the pool is empty. */
  unknownTeam?: string
}

export function findRegion(snap: OrgSnapshot, ref: string | null | undefined): Region | undefined {
  return ref ? snap.regionByRef.get(ref) : undefined
}

/** Serving 华东 covers 上海 and 浦东 below it: any of the agent's regions on the region's path. */
export function servesRegion(agent: Agent, region: Region): boolean {
  for (const id of agent.regionIds) if (region.path.includes(id)) return true
  return false
}

export const hasRole = (a: Agent, role: string) => a.role === role || a.roles.includes(role)

/**
 * The candidate pool of a query, active users only, in user-id order (a shared array: read only). No hard filters (skills,
 * duty, capacity) here: routing applies those itself so it can say who was dropped and why.
 */
export function selectPool(snap: OrgSnapshot, q: PoolQuery): Pool {
  let agents: Agent[]
  if (q.team) {
    if (!snap.teams.has(q.team)) return { agents: [], unknownTeam: q.team }
    agents = snap.byTeam.get(q.team) ?? []
  }
  else {
    agents = snap.active
  }
  const region = findRegion(snap, q.region)
  // The common case (a team, nothing else) hands out the shared list as is: no copy per decision.
  const out = !q.role && !region ? agents : agents.filter(a => (!q.role || hasRole(a, q.role)) && (!region || servesRegion(a, region)))
  return q.region && !region ? { agents: out, unknownRegion: q.region } : { agents: out }
}

export interface ChainLink {
  userId: string
  name: string
  role: string
  /** 1 = the direct supervisor. */
  level: number
  /** How the link was found: the profile's supervisor, the team's supervisor, or a region manager. */
  via: 'supervisor' | 'team' | 'region'
}

/**
 * Who is above someone: the profile's supervisor; failing that the supervisor of their first team
 * (by key) that is not themselves; failing that the nearest region manager above their teams'
 * regions. Inactive people are passed through (their own superior takes their place). Cycles and
 * chains longer than `maxDepth` stop quietly: a broken org chart must not break escalation.
 */
export function supervisorChain(snap: OrgSnapshot, userId: string, maxDepth = 10): ChainLink[] {
  const chain: ChainLink[] = []
  const seen = new Set([userId])
  let current = userId
  while (chain.length < maxDepth) {
    const next = superiorOf(snap, current, seen)
    if (!next) break
    seen.add(next.userId)
    current = next.userId
    const who = snap.byId.get(next.userId)
    if (!who || !who.active) continue
    chain.push({ userId: who.userId, name: who.name, role: who.role, level: chain.length + 1, via: next.via })
  }
  return chain
}

function superiorOf(snap: OrgSnapshot, userId: string, seen: Set<string>): { userId: string, via: ChainLink['via'] } | undefined {
  const me = snap.byId.get(userId)
  if (!me) return undefined
  if (me.supervisorId && !seen.has(me.supervisorId)) return { userId: me.supervisorId, via: 'supervisor' }
  if (me.supervisorId) return undefined // a cycle: stop rather than guess
  for (const key of me.teams) {
    const sup = snap.teams.get(key)?.supervisorId
    if (sup && !seen.has(sup)) return { userId: sup, via: 'team' }
  }
  for (const key of me.teams) {
    const team = snap.teams.get(key)
    const region = team?.regionId ? snap.regions.get(team.regionId) : undefined
    for (const id of [...(region?.path ?? [])].reverse()) {
      const manager = snap.regions.get(id)?.managerId
      if (manager && !seen.has(manager)) return { userId: manager, via: 'region' }
    }
  }
  return undefined
}

/** Who hears about a team's queue: its supervisor, else the first of the supervisor chain of its region. */
export function teamSupervisor(snap: OrgSnapshot, teamKey: string | null | undefined): string | undefined {
  const team = teamKey ? snap.teams.get(teamKey) : undefined
  if (!team) return undefined
  if (team.supervisorId && snap.byId.get(team.supervisorId)?.active) return team.supervisorId
  if (team.supervisorId) return supervisorChain(snap, team.supervisorId)[0]?.userId
  const region = team.regionId ? snap.regions.get(team.regionId) : undefined
  for (const id of [...(region?.path ?? [])].reverse()) {
    const manager = snap.regions.get(id)?.managerId
    if (manager && snap.byId.get(manager)?.active) return manager
  }
  return undefined
}
