import { conflict, errors, IdParams, requireRole, Uuid } from '@scrm/kernel'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import type { SettlementDeps } from '../deps.js'
import { findRule, type RuleBody, ruleColumns, ruleOut, validateRule } from '../rules.js'

const tags = ['settlement']
const staffOnly = requireRole('admin', 'supervisor', 'agent')
const adminOnly = requireRole('admin')
const Json = Type.Object({}, { additionalProperties: true })

const InputSource = Type.Union([
  Type.Object({ field: Type.String() }, { additionalProperties: false }),
  Type.Object({ fact: Type.String() }, { additionalProperties: false }),
  Type.Object({ value: Type.Unknown() }, { additionalProperties: false }),
  Type.Object({ periodTotal: Type.String() }, { additionalProperties: false }),
])
const ruleFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  ticketTypeId: Uuid,
  departmentId: Uuid,
  formulaId: Type.String({ minLength: 1, maxLength: 100 }),
  params: Type.Optional(Json),
  inputs: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z_][\\w]{0,63}$' }), InputSource)),
  condition: Type.Optional(Type.Unknown()),
  position: Type.Optional(Type.Integer()),
  active: Type.Optional(Type.Boolean()),
}
const RuleBodySchema = Type.Object(ruleFields, { additionalProperties: false })
const RulePut = Type.Object({ ...ruleFields, expectedVersion: Type.Optional(Type.Integer()) }, { additionalProperties: false })
const RuleOut = Type.Object({
  id: Type.String(), name: Type.String(), ticketTypeId: Type.String(), departmentId: Type.String(), formulaId: Type.String(),
  params: Json, inputs: Json, condition: Type.Unknown(), position: Type.Integer(), active: Type.Boolean(), version: Type.Integer(),
  createdAt: Type.String(), updatedAt: Type.String(),
})
const ListQuery = Type.Object({ ticketTypeId: Type.Optional(Uuid) }, { additionalProperties: false })

/** `/api/settlement/rules`: read by staff, written by admins. Edits apply to tickets resolved afterwards. */
export function ruleRoutes(deps: SettlementDeps): FastifyPluginAsync {
  return async (app) => {
    app.addHook('preHandler', staffOnly)

    app.get('/', { schema: { tags, summary: 'Settlement rules in evaluation order', querystring: ListQuery, response: { 200: Type.Array(RuleOut) } } }, async (request) => {
      const { ticketTypeId } = request.query as { ticketTypeId?: string }
      const q = request.scope.table('settlement_rules').orderBy([{ column: 'position' }, { column: 'created_at' }, { column: 'id' }])
      if (ticketTypeId) q.where({ ticket_type_id: ticketTypeId })
      return (await q).map(ruleOut)
    })

    app.get('/:id', { schema: { tags, summary: 'One settlement rule', params: IdParams, response: { 200: RuleOut, ...errors(404) } } }, async request =>
      ruleOut(await findRule(request.scope, (request.params as { id: string }).id)))

    app.post('/', {
      preHandler: adminOnly,
      schema: { tags, summary: 'Create a settlement rule', body: RuleBodySchema, response: { 201: RuleOut, ...errors(400, 403) } },
    }, async (request, reply) => {
      const body = request.body as RuleBody
      const row = await request.scope.transaction(async (s) => {
        await validateRule(deps.host, s, body)
        const [r] = await s.insert('settlement_rules', ruleColumns(body, new Date())).returning('*')
        return r
      })
      return reply.status(201).send(ruleOut(row))
    })

    app.put('/:id', {
      preHandler: adminOnly,
      schema: { tags, summary: 'Replace a settlement rule (expectedVersion: stale → 409)', params: IdParams, body: RulePut, response: { 200: RuleOut, ...errors(400, 403, 404, 409) } },
    }, async (request) => {
      const { id } = request.params as { id: string }
      const body = request.body as RuleBody & { expectedVersion?: number }
      return request.scope.transaction(async (s) => {
        const current = await findRule(s, id)
        if (body.expectedVersion !== undefined && body.expectedVersion !== current.version)
          throw conflict(`settlement rule was changed by someone else (version ${current.version}, you had ${body.expectedVersion})`, { currentVersion: current.version })
        await validateRule(deps.host, s, body)
        const [r] = await s.table('settlement_rules').where({ id }).update({ ...ruleColumns(body, new Date()), version: current.version + 1 }).returning('*')
        return ruleOut(r)
      })
    })

    app.delete('/:id', {
      preHandler: adminOnly,
      schema: { tags, summary: 'Delete a settlement rule (lines already written stay)', params: IdParams, response: { 204: Type.Null(), ...errors(403, 404) } },
    }, async (request, reply) => {
      const { id } = request.params as { id: string }
      await findRule(request.scope, id)
      await request.scope.table('settlement_rules').where({ id }).del()
      return reply.status(204).send()
    })
  }
}
