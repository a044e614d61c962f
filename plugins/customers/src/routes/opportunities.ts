import { errors, HttpError, I18nTextSchema, IdParams, notFound, Uuid } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { q, resolveCustomer, toOpportunity } from '../model.js'
import { CLOSED_STAGES, OPEN_STAGES, type StageKey, STAGES } from '../stages.js'
import { audit, managers } from './common.js'
import { closed, DateOnly, Fen, Nullable, OpportunityOut, Stage } from './schemas.js'

const tags = ['opportunities']

const OppFields = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  stage: Stage,
  amountFen: Fen,
  ownerId: Type.Union([Uuid, Type.Null()]),
  expectedCloseDate: Nullable(DateOnly),
}
const OppCreate = Type.Object({
  customerId: Uuid,
  title: OppFields.title,
  stage: Type.Optional(Stage),
  amountFen: Type.Optional(Fen),
  ownerId: Type.Optional(OppFields.ownerId),
  expectedCloseDate: Type.Optional(OppFields.expectedCloseDate),
}, closed)
const OppPatch = Type.Partial(Type.Object(OppFields), { ...closed, minProperties: 1 })
const OppQuery = Type.Object({
  customerId: Type.Optional(Uuid),
  stage: Type.Optional(Stage),
  ownerId: Type.Optional(Uuid),
  open: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
}, closed)

/** Columns that change with the stage: closing stamps closed_at, reopening clears it. */
function stageColumns(stage: StageKey, now: Date) {
  return { stage, stage_changed_at: now, closed_at: CLOSED_STAGES.includes(stage) ? now : null }
}

async function load(scope: TenantScope, id: string) {
  const row = await q.opportunities(scope).where({ id }).first()
  if (!row) throw notFound('opportunity')
  return row
}

/** 商机 CRUD under `/api/opportunities`, with stage changes audited. */
export const opportunityRoutes: FastifyPluginAsync = async (app) => {
  app.get('/stages', {
    schema: { tags, summary: 'Opportunity stages in funnel order', response: { 200: Type.Array(Type.Object({ key: Type.String(), label: I18nTextSchema, closed: Type.Boolean() })) } },
  }, async () => STAGES.map(s => ({ key: s.key, label: s.label, closed: CLOSED_STAGES.includes(s.key) })))

  app.get('/', {
    schema: { tags, summary: 'List opportunities', querystring: OppQuery, response: { 200: Type.Object({ items: Type.Array(OpportunityOut), total: Type.Integer() }), ...errors(400) } },
  }, async (request) => {
    const f = request.query as { customerId?: string, stage?: string, ownerId?: string, open?: boolean, limit?: number, offset?: number }
    const qb = q.opportunities(request.scope)
    if (f.customerId) qb.where({ customer_id: f.customerId })
    if (f.stage) qb.where({ stage: f.stage })
    if (f.ownerId) qb.where({ owner_id: f.ownerId })
    if (f.open !== undefined) qb.whereIn('stage', f.open ? OPEN_STAGES : CLOSED_STAGES)
    const [{ n }] = await qb.clone().clearSelect().count({ n: '*' })
    const rows = await qb.orderBy([{ column: 'updated_at', order: 'desc' }, { column: 'id' }]).limit(f.limit ?? 50).offset(f.offset ?? 0)
    return { items: rows.map(toOpportunity), total: Number(n) }
  })

  app.post('/', {
    schema: { tags, summary: 'Create an opportunity (a merged customer id is followed to the survivor)', body: OppCreate, response: { 201: OpportunityOut, ...errors(400, 404) } },
  }, async (request, reply) => {
    const b = request.body as Record<string, any>
    const row = await request.scope.transaction(async (s) => {
      const customer = await resolveCustomer(s, b.customerId)
      if (!customer) throw new HttpError(404, 'customer not found', [{ in: 'body', field: '/customerId', message: 'no such customer' }])
      const [created] = await s.insert('opportunities', {
        customer_id: customer.id,
        title: b.title.trim(),
        amount_fen: b.amountFen ?? 0,
        owner_id: b.ownerId ?? request.auth.userId,
        expected_close_date: b.expectedCloseDate ?? null,
        ...stageColumns(b.stage ?? 'lead', new Date()),
      }).returning('id')
      await audit(request, s, 'opportunity.create', `opportunity:${created.id}`, { customerId: customer.id, stage: b.stage ?? 'lead' })
      return load(s, created.id)
    })
    return reply.status(201).send(toOpportunity(row))
  })

  app.get('/:id', {
    schema: { tags, summary: 'One opportunity', params: IdParams, response: { 200: OpportunityOut, ...errors(404) } },
  }, async request => toOpportunity(await load(request.scope, (request.params as { id: string }).id)))

  app.patch('/:id', {
    schema: { tags, summary: 'Change an opportunity; a stage change is stamped and audited', params: IdParams, body: OppPatch, response: { 200: OpportunityOut, ...errors(400, 404) } },
  }, async (request) => {
    const { id } = request.params as { id: string }
    const b = request.body as Record<string, any>
    const row = await request.scope.transaction(async (s) => {
      const before = await load(s, id)
      const now = new Date()
      const patch: Record<string, unknown> = { updated_at: now }
      if (b.title !== undefined) patch.title = b.title.trim()
      if (b.amountFen !== undefined) patch.amount_fen = b.amountFen
      if (b.ownerId !== undefined) patch.owner_id = b.ownerId
      if (b.expectedCloseDate !== undefined) patch.expected_close_date = b.expectedCloseDate
      const stageChanged = b.stage !== undefined && b.stage !== before.stage
      if (stageChanged) Object.assign(patch, stageColumns(b.stage, now))
      await q.opportunities(s).clearSelect().where({ id }).update(patch)
      if (stageChanged) await audit(request, s, 'opportunity.stage', `opportunity:${id}`, { from: before.stage, to: b.stage })
      return load(s, id)
    })
    return toOpportunity(row)
  })

  app.delete('/:id', {
    preHandler: managers,
    schema: { tags, summary: 'Delete an opportunity (admin, supervisor)', params: IdParams, response: { 204: Type.Null(), ...errors(403, 404) } },
  }, async (request, reply) => {
    const { id } = request.params as { id: string }
    await request.scope.transaction(async (s) => {
      const n = await q.opportunities(s).clearSelect().where({ id }).del()
      if (!n) throw notFound('opportunity')
      await audit(request, s, 'opportunity.delete', `opportunity:${id}`)
    })
    return reply.status(204).send()
  })
}
