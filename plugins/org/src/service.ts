import type { TenantScope } from '@scrm/store'
import type { Agent } from './model.js'
import { type ChainLink, type PoolQuery, selectPool, supervisorChain, teamSupervisor } from './pool.js'
import { isOnDutyAt, localTime } from './rota.js'
import { parseSkillNeeds, type SkillNeed, skillGap } from './skills.js'
import { loadOrgSnapshot, type OrgSnapshot } from './snapshot.js'

/**
 * Open tickets per user. The org plugin knows nothing of tickets (tickets would otherwise sit
 * below org and above it at once); the routing plugin, which depends on both, plugs the query in
 * with `setLoadSource`. Without one every load reads as 0.
 */
export type LoadSource = (scope: TenantScope, userIds: readonly string[]) => Promise<Map<string, number>>

export interface CandidateQuery extends PoolQuery {
  /** Every one of these (`空调` or `空调:3` = level ≥ 3). */
  skills?: Array<string | SkillNeed>
  /** Only people on duty at this instant. */
  onDutyAt?: Date
}

/** What the org plugin offers: `services.get<OrgService>('org')` (routing, SLA escalation). */
export interface OrgService {
  /** Everyone with teams, skills, regions, capacity and rota, for in-memory decisions. */
  snapshot: (scope: TenantScope, now?: Date) => Promise<OrgSnapshot>
  /** Agent → supervisor → region manager → HQ, nearest first; [] when nobody is above. */
  supervisorChain: (scope: TenantScope, userId: string) => Promise<ChainLink[]>
  /** Active staff matching every given criterion, in user-id order. */
  candidates: (scope: TenantScope, query: CandidateQuery) => Promise<Agent[]>
  isOnDuty: (scope: TenantScope, userId: string, at: Date) => Promise<boolean>
  /** Open tickets per user (0 for users without any); see LoadSource. */
  openLoad: (scope: TenantScope, userIds: readonly string[]) => Promise<Map<string, number>>
  /** The user told when a team's queue gets a ticket nobody could take. */
  teamSupervisor: (scope: TenantScope, teamKey: string) => Promise<string | undefined>
  setLoadSource: (source: LoadSource) => void
  /** Called after the org of a tenant changed through the API (routing drops its cached snapshot). */
  onChange: (listener: (tenantId: string) => void) => () => void
  /** Tells the listeners; the org routes call it after every successful write. */
  changed: (tenantId: string) => void
}

export function createOrgService(): OrgService {
  let loadSource: LoadSource | undefined
  const listeners = new Set<(tenantId: string) => void>()
  const snapshot = (scope: TenantScope, now?: Date) => loadOrgSnapshot(scope, now)
  return {
    snapshot,
    supervisorChain: async (scope, userId) => supervisorChain(await snapshot(scope), userId),
    async candidates(scope, query) {
      const needs = parseSkillNeeds(query.skills)
      if (!needs) throw new Error(`invalid skills ${JSON.stringify(query.skills)}: use "skill" or "skill:level" (1–5)`)
      const snap = await snapshot(scope, query.onDutyAt)
      const at = query.onDutyAt
      return selectPool(snap, query).agents.filter(a => !skillGap(a.skills, needs)
        && (!at || isOnDutyAt(a.rota, localTime(at, a.rota.timezone))))
    },
    async isOnDuty(scope, userId, at) {
      const agent = (await snapshot(scope, at)).byId.get(userId)
      return !!agent && agent.active && isOnDutyAt(agent.rota, localTime(at, agent.rota.timezone))
    },
    async openLoad(scope, userIds) {
      const found = loadSource ? await loadSource(scope, userIds) : new Map<string, number>()
      return new Map(userIds.map(id => [id, found.get(id) ?? 0]))
    },
    teamSupervisor: async (scope, teamKey) => teamSupervisor(await snapshot(scope), teamKey),
    setLoadSource: (source) => { loadSource = source },
    onChange: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    changed: (tenantId) => { for (const l of listeners) l(tenantId) },
  }
}
