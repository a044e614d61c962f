import { definePlugin, requireRole } from '@scrm/kernel'
import type { OrgService } from '@scrm/plugin-org'
import type { TicketEvents } from '@scrm/plugin-tickets'
import { RoutingCache } from './cache.js'
import { flowAssigner } from './flow-assigner.js'
import { connectIntake } from './intake.js'
import { migrations } from './migrations.js'
import type { RouterEnv } from './router.js'
import { configRoutes } from './routes/config.js'
import { ticketRoutes } from './routes/tickets.js'
import { createRoutingService } from './service.js'
import { openLoads } from './store.js'
import { builtInStrategies } from './strategies/index.js'

export type { ManualAssignment, ManualResult, ReassignTarget } from './actions.js'
export { decide, type Decision, plan, poolKey, type RouteRequest, type RoutingSnapshot, TIE_BREAK } from './decide.js'
export { conditionData, factsFromRows, isVip, type TicketFacts } from './facts.js'
export { compileTagger, type Dictionary, type KeywordHit } from './keywords.js'
export type { RouteOptions, RouteResult } from './router.js'
export { compileRules, type PoolSpec, type RoutingRule } from './rules.js'
export type { RoutingService } from './service.js'
export { ruleColumns } from './routes/config.js'
export { checkPool, checkStrategy, checkWhen } from './routes/validate.js'
export { builtInStrategies, haversineKm, type RoutingCandidate, type RoutingStrategy, type StrategyContext } from './strategies/index.js'

/** Operator settings (`SCRM_PLUGIN_CONFIG={"routing": {…}}`). */
export interface RoutingConfig {
  /** How long a tenant's org, rules and dictionaries are reused between decisions (default 5000 ms). */
  snapshotTtlMs?: number
  /** How long experience statistics are reused (default 60000 ms). */
  experienceTtlMs?: number
}

/**
 * 智能派单: ordered rules pick a candidate pool and a strategy (round-robin, least-load, skills,
 * nearest, experience — `assignmentStrategies` contributions), hard filters drop who cannot
 * take the ticket, and every decision is recorded with its reasons and shown on the timeline.
 * Keyword dictionaries tag tickets on intake; supervisors override; flows route through
 * `flow.assigner`. Other plugins use `services.get<RoutingService>('routing')`.
 */
export default definePlugin({
  name: 'routing',
  version: '0.1.0',
  dependsOn: ['core', 'org', 'tickets'],
  label: { 'zh-CN': '智能派单', 'en-US': 'Routing' },
  description: {
    'zh-CN': '派单规则、轮询/负载/技能/就近/经验策略、关键词打标签、主管改派，记录每次分配原因',
    'en-US': 'Routing rules; round-robin, least-load, skills, nearest and experience strategies; keyword tagging; supervisor override; reasons recorded',
  },
  setup({ migrations: m, routes, services, assignmentStrategies, host, config, logger }) {
    const c = config as RoutingConfig
    for (const def of migrations) m.register(def)
    for (const s of builtInStrategies) assignmentStrategies.register(s)
    const org = services.get<OrgService>('org')
    // org cannot see tickets (it sits below them); routing knows both and supplies the load query.
    org.setLoadSource(openLoads)
    const cache = new RoutingCache(org, { ttlMs: c.snapshotTtlMs, experienceTtlMs: c.experienceTtlMs })
    org.onChange(tenantId => cache.invalidate(tenantId))
    const clock = () => (host.hasService('flow.runtime') ? host.service<{ clock: { now: () => Date } }>('flow.runtime').clock.now() : new Date())
    const env: RouterEnv = { host, cache, now: clock, logger }
    const service = createRoutingService(env, host, cache)
    services.provide('routing', service)
    services.provide('flow.assigner', flowAssigner(env))
    connectIntake(env, services.get<TicketEvents>('tickets.events'), host)

    routes.register({
      prefix: '/routing',
      plugin: async (app) => {
        app.addHook('preHandler', requireRole('admin', 'supervisor', 'agent'))
        await app.register(configRoutes(host, cache))
        await app.register(ticketRoutes(host, service))
      },
    })
  },
})
