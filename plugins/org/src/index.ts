import { definePlugin } from '@scrm/kernel'
import { migrations } from './migrations.js'
import { staffOnly } from './routes/common.js'
import { candidateRoutes, memberRoutes } from './routes/queries.js'
import { regionRoutes } from './routes/regions.js'
import { departmentRoutes, teamRoutes } from './routes/structure.js'
import { userRoutes } from './routes/users.js'
import { createOrgService } from './service.js'

export type { Agent, Department, LatLng, Region, Team } from './model.js'
export { type ChainLink, findRegion, hasRole, type Pool, type PoolQuery, selectPool, servesRegion, supervisorChain, teamSupervisor } from './pool.js'
export { DEFAULT_TIME_ZONE, formatClock, isOnDutyAt, type LocalTime, localTime, parseClock, type Rota, type Shift, type ShiftOverride } from './rota.js'
export type { CandidateQuery, LoadSource, OrgService } from './service.js'
export { parseSkillNeeds, type SkillNeed, skillGap } from './skills.js'
export { DEFAULT_CAPACITY, loadOrgSnapshot, type OrgSnapshot } from './snapshot.js'

/**
 * The organisation routing and escalation work over: departments, teams, the region tree, and
 * each person's teams, skills (levels 1–5), regions served, location, capacity, weekly rota with
 * day overrides and supervisor. Other plugins use `services.get<OrgService>('org')`.
 */
export default definePlugin({
  name: 'org',
  version: '0.1.0',
  dependsOn: ['core'],
  label: { 'zh-CN': '组织与排班', 'en-US': 'Organisation & rota' },
  description: {
    'zh-CN': '部门、团队、区域树、技能等级、服务区域、位置、接单上限、排班与上级链',
    'en-US': 'Departments, teams, region tree, skills with levels, regions served, location, capacity, rota and supervisor chain',
  },
  setup({ migrations: m, routes, services }) {
    for (const def of migrations) m.register(def)
    const org = createOrgService()
    services.provide('org', org)
    routes.register({
      prefix: '/org',
      plugin: async (app) => {
        app.addHook('preHandler', staffOnly)
        // Before the reply leaves: a client's next request already sees the change everywhere.
        app.addHook('onSend', async (request, reply) => {
          if (request.method !== 'GET' && reply.statusCode < 400 && request.auth) org.changed(request.auth.tenantId)
        })
        await app.register(departmentRoutes, { prefix: '/departments' })
        await app.register(async (teams) => {
          await teams.register(teamRoutes)
          await teams.register(memberRoutes)
        }, { prefix: '/teams' })
        await app.register(regionRoutes, { prefix: '/regions' })
        await app.register(userRoutes(org), { prefix: '/users' })
        await app.register(candidateRoutes(org), { prefix: '/candidates' })
      },
    })
  },
})
