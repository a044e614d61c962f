import { badRequest, errors, IdParams, notFound, Uuid } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { isUuid } from '../model.js'
import { type ProfileInput, writeProfile } from '../profile-write.js'
import { formatClock, isOnDutyAt, localTime, parseClock } from '../rota.js'
import type { OrgService } from '../service.js'
import { closed, idOf, invalidField, managers, Str } from './common.js'
import { OverrideIn, OverrideOut, ProfileOut, ProfilePatch, profileOut } from './profile-schemas.js'

const tags = ['org-users']
const DateParams = Type.Object({ id: Uuid, date: Type.String({ format: 'date' }) }, closed)
const ListQuery = Type.Object({ team: Type.Optional(Type.String({ maxLength: 64 })), role: Type.Optional(Type.String({ maxLength: 64 })), skill: Type.Optional(Type.String({ maxLength: 64 })) }, closed)

/** The staff user in the caller's tenant, or 404 (another tenant's id included). */
async function staffUser(scope: TenantScope, id: string) {
  const u = isUuid(id) ? await scope.table('users').where({ id }).whereIn('role', ['admin', 'supervisor', 'agent']).first('id') : undefined
  if (!u) throw notFound('user')
}

/** People's routing profiles, rotas and day overrides under `/api/org/users`. */
export function userRoutes(org: OrgService): FastifyPluginAsync {
  return async (app) => {
    const one = async (scope: TenantScope, id: string) => {
      const snap = await org.snapshot(scope)
      const agent = snap.byId.get(id)
      if (!agent) throw notFound('user')
      return profileOut(agent, snap)
    }

    app.get('/', { schema: { tags, summary: 'Staff with their routing profiles (filter by team key, role, skill)', querystring: ListQuery, response: { 200: Type.Array(ProfileOut) } } },
      async (r) => {
        const q = r.query as { team?: string, role?: string, skill?: string }
        const snap = await org.snapshot(r.scope)
        return snap.agents.filter(a => (!q.team || a.teams.includes(q.team)) && (!q.role || a.role === q.role || a.roles.includes(q.role)) && (!q.skill || q.skill in a.skills))
          .map(a => profileOut(a, snap))
      })

    app.get('/:id', { schema: { tags, summary: 'One routing profile', params: IdParams, response: { 200: ProfileOut, ...errors(404) } } },
      async r => one(r.scope, idOf(r)))

    app.patch('/:id', {
      preHandler: managers,
      schema: { tags, summary: 'Change a routing profile: each property given replaces that part (teams, skills, regions, shifts …)', params: IdParams, body: ProfilePatch, response: { 200: ProfileOut, ...errors(400, 403, 404) } },
    }, async (r) => {
      await staffUser(r.scope, idOf(r))
      await writeProfile(r.scope, idOf(r), r.body as ProfileInput)
      return one(r.scope, idOf(r))
    })

    app.get('/:id/overrides', { schema: { tags, summary: 'Day overrides of the rota from today on', params: IdParams, response: { 200: Type.Array(OverrideOut), ...errors(404) } } },
      async (r) => {
        await staffUser(r.scope, idOf(r))
        const today = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
        const rows = await r.scope.table('org_shift_overrides').where({ user_id: idOf(r) }).where('date', '>=', today).orderBy('date')
          .select(r.scope.db.raw('date::text as date'), 'on_duty', 'start_min', 'end_min', 'note')
        return rows.map((o: Record<string, any>) => ({ date: o.date, onDuty: o.on_duty, start: o.start_min == null ? null : formatClock(o.start_min), end: o.end_min == null ? null : formatClock(o.end_min), note: o.note ?? null }))
      })

    app.put('/:id/overrides/:date', {
      preHandler: managers,
      schema: { tags, summary: 'Set a date off (onDuty false) or on duty, all day or start–end', params: DateParams, body: OverrideIn, response: { 200: OverrideOut, ...errors(400, 403, 404) } },
    }, async (r) => {
      const { id, date } = r.params as { id: string, date: string }
      await staffUser(r.scope, id)
      const b = r.body as { onDuty: boolean, start?: string, end?: string, note?: string }
      if ((b.start === undefined) !== (b.end === undefined)) throw invalidField(b.start === undefined ? '/start' : '/end', 'is required with the other end of the window')
      if (!b.onDuty && b.start !== undefined) throw invalidField('/start', 'a day off has no window')
      const start = b.start === undefined ? null : parseClock(b.start)
      const end = b.end === undefined ? null : parseClock(b.end)
      if (start !== null && (start === undefined || start >= 1440)) throw invalidField('/start', 'is not a time of day')
      if (end === undefined || (start !== null && end === start)) throw invalidField('/end', 'is not a valid end of the window')
      const row = { user_id: id, date, on_duty: b.onDuty, start_min: start, end_min: end, note: b.note ?? null }
      await r.scope.insert('org_shift_overrides', row).onConflict(['tenant_id', 'user_id', 'date']).merge(['on_duty', 'start_min', 'end_min', 'note'])
      return { date, onDuty: b.onDuty, start: b.start ?? null, end: b.end ?? null, note: b.note ?? null }
    })

    app.delete('/:id/overrides/:date', { preHandler: managers, schema: { tags, summary: 'Remove a day override', params: DateParams, response: { 204: Type.Null(), ...errors(403, 404) } } },
      async (r, reply) => {
        const { id, date } = r.params as { id: string, date: string }
        await staffUser(r.scope, id)
        const n = await r.scope.table('org_shift_overrides').where({ user_id: id, date }).del()
        if (!n) throw notFound('override')
        return reply.status(204).send()
      })

    app.get('/:id/supervisors', {
      schema: { tags, summary: 'Supervisor chain: agent → supervisor → region manager → HQ', params: IdParams, response: { 200: Type.Array(Type.Object({ userId: Str, name: Str, role: Str, level: Type.Integer(), via: Str })), ...errors(404) } },
    }, async (r) => {
      await staffUser(r.scope, idOf(r))
      return org.supervisorChain(r.scope, idOf(r))
    })

    app.get('/:id/duty', {
      schema: { tags, summary: 'Whether the user is on duty at an instant (default now), and their local time', params: IdParams, querystring: Type.Object({ at: Type.Optional(Type.String({ format: 'date-time' })) }, closed), response: { 200: Type.Object({ onDuty: Type.Boolean(), at: Str, localDate: Str, localTime: Str, weekday: Type.Integer() }), ...errors(400, 404) } },
    }, async (r) => {
      await staffUser(r.scope, idOf(r))
      const raw = (r.query as { at?: string }).at
      const at = raw ? new Date(raw) : new Date()
      if (Number.isNaN(at.getTime())) throw badRequest('invalid querystring: /at is not a date-time', [{ in: 'querystring', field: '/at', message: 'is not a date-time' }])
      const agent = (await org.snapshot(r.scope, at)).byId.get(idOf(r))!
      const local = localTime(at, agent.rota.timezone)
      return { onDuty: agent.active && isOnDutyAt(agent.rota, local), at: at.toISOString(), localDate: local.date, localTime: formatClock(local.minute), weekday: local.weekday }
    })
  }
}
