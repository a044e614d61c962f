import { selectPool } from '@scrm/plugin-org'
import type { FlowAssigner } from '@scrm/runtime'
import { tenantScope } from '@scrm/store'
import { factsFromRows, type TicketFacts } from './facts.js'
import { routeFacts, type RouterEnv, strategyLookup } from './router.js'
import type { PoolSpec } from './rules.js'
import { loadFacts } from './store.js'

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined)
const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {})

/**
 * The kernel service `flow.assigner`: a userTask's `assign: { strategy: 'least-load', team: 'x' }`
 * (any strategy registered in `assignmentStrategies`) or `assign: { rules: true }` gets its
 * assignee from routing, recorded like any other decision. A queued decision gives the task to
 * the pool's members as candidates (any of them may take it from their inbox; supervisors can
 * dispatch it). Unknown strategies and tenants without routing fall through to the runtime.
 */
export function flowAssigner(env: RouterEnv): FlowAssigner {
  return {
    async resolve(ctx, rule) {
      if (!env.host.registries.routes.get(ctx.tenantId, '/routing')) return undefined
      const byRules = rule.rules === true
      const strategy = str(rule.strategy)
      if (!byRules && (!strategy || !strategyLookup(env.host, ctx.tenantId)(strategy))) return undefined
      const s = tenantScope(ctx.tenantId, ctx.trx)
      let facts: TicketFacts | undefined = ctx.instance.ticket_id ? await loadFacts(s, ctx.instance.ticket_id) : undefined
      if (!facts) {
        // A flow without a ticket routes on its data (`vars.ticket`, `vars.customer`); nothing is written to a ticket.
        const data = await ctx.data()
        facts = { ...factsFromRows(data.ticket, data.customer, []), id: undefined }
      }
      const pool: PoolSpec = {
        team: str(rule.team) ?? null, role: str(rule.role) ?? null, region: str(rule.region) ?? null,
        skills: Array.isArray(rule.skills) ? rule.skills.filter((x): x is string => typeof x === 'string') : [],
      }
      const direct = byRules ? undefined : { pool, strategy: strategy!, config: obj(rule.config) }
      const r = await routeFacts(env, s, facts, { direct, flow: { instanceId: ctx.instance.id, nodeId: ctx.nodeId }, now: ctx.now })
      const d = r.decision
      if (d.assigneeId) return { assigneeId: d.assigneeId }
      if (d.outcome === 'unrouted' || !d.pool) return undefined
      const members = selectPool((await env.cache.get(s)).org, { ...d.pool, region: d.pool.region === '$ticket' ? facts.region : d.pool.region }).agents
      return { candidateUsers: members.map(a => a.userId), candidateRole: null }
    },
  }
}
