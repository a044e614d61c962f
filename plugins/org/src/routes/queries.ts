import { badRequest, errors, IdParams } from '@scrm/kernel'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { parseSkillNeeds } from '../skills.js'
import type { OrgService } from '../service.js'
import { closed, idOf, invalidField, managers, rowOr404, Str } from './common.js'

const CandidateQuery = Type.Object({
  team: Type.Optional(Type.String({ maxLength: 64 })),
  role: Type.Optional(Type.String({ maxLength: 64 })),
  region: Type.Optional(Type.String({ maxLength: 64 })),
  /** Comma-separated: `空调:3,变频`. */
  skills: Type.Optional(Type.String({ maxLength: 500 })),
  onDutyAt: Type.Optional(Type.String({ format: 'date-time' })),
}, closed)
const CandidateOut = Type.Object({ userId: Str, name: Str, role: Str, teams: Type.Array(Str), skills: Type.Record(Str, Type.Integer()), capacity: Type.Integer(), openTickets: Type.Integer() })

/** `GET /api/org/candidates`: who a pool query finds, with their current load. */
export function candidateRoutes(org: OrgService): FastifyPluginAsync {
  return async (app) => {
    app.get('/', { schema: { tags: ['org-users'], summary: 'Active staff matching team, role, region served, skills (and on duty at onDutyAt), with open tickets', querystring: CandidateQuery, response: { 200: Type.Array(CandidateOut), ...errors(400) } } },
      async (r) => {
        const q = r.query as { team?: string, role?: string, region?: string, skills?: string, onDutyAt?: string }
        const skills = q.skills ? q.skills.split(',').map(s => s.trim()).filter(Boolean) : []
        if (!parseSkillNeeds(skills)) throw badRequest('invalid querystring: /skills must be skill or skill:level (1–5), comma-separated', [{ in: 'querystring', field: '/skills', message: 'must be skill or skill:level (1–5)' }])
        const agents = await org.candidates(r.scope, { ...q, skills, onDutyAt: q.onDutyAt ? new Date(q.onDutyAt) : undefined })
        const loads = await org.openLoad(r.scope, agents.map(a => a.userId))
        return agents.map(a => ({ userId: a.userId, name: a.name, role: a.role, teams: a.teams, skills: a.skills, capacity: a.capacity, openTickets: loads.get(a.userId) ?? 0 }))
      })
  }
}

/** `GET|PUT /api/org/teams/:id/members`: the member list of a team, replaced as a whole. */
export const memberRoutes: FastifyPluginAsync = async (app) => {
  const Members = Type.Object({ userIds: Type.Array(Str) })
  app.get('/:id/members', { schema: { tags: ['org-teams'], summary: 'Members of a team', params: IdParams, response: { 200: Members, ...errors(404) } } },
    async (r) => {
      const team = await rowOr404(r.scope, 'org_teams', idOf(r), 'team')
      return { userIds: (await r.scope.table('org_team_members').where({ team_id: team.id }).orderBy('user_id').select('user_id')).map((m: { user_id: string }) => m.user_id) }
    })
  app.put('/:id/members', {
    preHandler: managers,
    schema: { tags: ['org-teams'], summary: 'Replace the members of a team', params: IdParams, body: Type.Object({ userIds: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 5000, uniqueItems: true }) }, closed), response: { 200: Members, ...errors(400, 403, 404) } },
  }, async (r) => {
    const { userIds } = r.body as { userIds: string[] }
    return r.scope.transaction(async (s) => {
      const team = await rowOr404(s, 'org_teams', idOf(r), 'team')
      const found = new Set((userIds.length ? await s.table('users').whereIn('id', userIds).whereIn('role', ['admin', 'supervisor', 'agent']).select('id') : []).map((u: { id: string }) => u.id))
      const missing = userIds.findIndex(id => !found.has(id))
      if (missing >= 0) throw invalidField(`/userIds/${missing}`, 'is not a staff user of this tenant')
      await s.table('org_team_members').where({ team_id: team.id }).del()
      if (userIds.length) await s.insert('org_team_members', userIds.map(user_id => ({ team_id: team.id, user_id })))
      return { userIds: [...userIds].sort() }
    })
  })
}
