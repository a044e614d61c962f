import { checkCondition } from '@scrm/flow'
import { badRequest, type PluginHost } from '@scrm/kernel'
import { parseSkillNeeds } from '@scrm/plugin-org'
import type { TenantScope } from '@scrm/store'
import { strategyLookup } from '../router.js'
import type { PoolSpec } from '../rules.js'

export const invalid = (field: string, message: string) => badRequest(`invalid body: ${field} ${message}`, [{ in: 'body', field, message }])

/** Rule conditions read `ticket.*`, `customer.*` and `form.*` (see facts.ts `conditionData`). */
export function checkWhen(when: unknown, field = '/when'): void {
  if (when === null || when === undefined || typeof when === 'boolean') return
  const problems = checkCondition(when, { roots: ['ticket', 'customer', 'form'] })
  if (problems.length) throw invalid(`${field}${problems[0].pointer}`, problems[0].message['en-US'])
}

/** A pool names an existing team and well-formed skills; unknown roles and regions are allowed (they may come later). */
export async function checkPool(scope: TenantScope, pool: PoolSpec | undefined, field = '/pool'): Promise<void> {
  if (!pool) return
  if (pool.team && !await scope.table('org_teams').where({ key: pool.team }).first('id')) throw invalid(`${field}/team`, `is not a team: ${pool.team}`)
  pool.skills?.forEach((spec, i) => { if (!parseSkillNeeds([spec])?.length) throw invalid(`${field}/skills/${i}`, 'must be skill or skill:level (1–5)') })
}

export function checkStrategy(host: PluginHost, tenantId: string, id: string | undefined, field = '/strategy'): void {
  if (id !== undefined && !strategyLookup(host, tenantId)(id)) throw invalid(field, `is not an assignment strategy available to this tenant: ${id}`)
}
