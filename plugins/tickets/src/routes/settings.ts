import { badRequest, conflict, errors, IdParams, notFound, Uuid } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { isUuid } from '../model.js'
import { userRegions } from '../templates.js'
import { adminOnly, invalidateOnWrite, staffOnly } from './common.js'
import { Category, closed, Key, Label, Priority, Region, StatusOut, TicketTypeOut } from './schemas.js'

const typeOut = (r: Record<string, any>) => ({
  id: r.id, key: r.key, name: r.name, flowKey: r.flow_key ?? null, templateId: r.template_id ?? null, defaultPriority: r.default_priority,
  active: r.active, createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
})
const statusOut = (r: Record<string, any>) => ({ id: r.id, key: r.key, name: r.name, category: r.category, position: r.position })

async function checkTemplateId(scope: TenantScope, id: string | null | undefined) {
  if (id && !await scope.table('ticket_templates').where({ id }).first('id'))
    throw badRequest('invalid body: /templateId is not a template', [{ in: 'body', field: '/templateId', message: 'is not a template' }])
}

const TypeProps = {
  name: Label,
  flowKey: Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]),
  templateId: Type.Union([Uuid, Type.Null()]),
  defaultPriority: Priority,
  active: Type.Boolean(),
}

/** Ticket types: which template a ticket is filled with and which flow it runs through. */
export const typeRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('preHandler', staffOnly)
  await invalidateOnWrite(app)
  const t = { tags: ['ticket types'] }

  app.get('/', { schema: { ...t, summary: 'Ticket types', response: { 200: Type.Array(TicketTypeOut) } } },
    async request => (await request.scope.table('ticket_types').orderBy('key')).map(typeOut))

  app.post('/', {
    preHandler: adminOnly,
    schema: {
      ...t,
      summary: 'Create a ticket type (admin)',
      body: Type.Object({ key: Key, name: Label, flowKey: Type.Optional(TypeProps.flowKey), templateId: Type.Optional(TypeProps.templateId), defaultPriority: Type.Optional(Priority) }, closed),
      response: { 201: TicketTypeOut, ...errors(400, 403, 409) },
    },
  }, async (request, reply) => {
    const b = request.body as { key: string, name: object, flowKey?: string | null, templateId?: string | null, defaultPriority?: string }
    await checkTemplateId(request.scope, b.templateId)
    const [row] = await request.scope.insert('ticket_types', {
      key: b.key, name: JSON.stringify(b.name), flow_key: b.flowKey ?? null, template_id: b.templateId ?? null, default_priority: b.defaultPriority ?? 'normal',
    }).onConflict(['tenant_id', 'key']).ignore().returning('*')
    if (!row) throw conflict(`ticket type key "${b.key}" is taken`)
    return reply.status(201).send(typeOut(row))
  })

  app.get('/:id', { schema: { ...t, summary: 'One ticket type', params: IdParams, response: { 200: TicketTypeOut, ...errors(404) } } }, async (request) => {
    const row = await request.scope.table('ticket_types').where({ id: (request.params as { id: string }).id }).first()
    if (!row) throw notFound('ticket type')
    return typeOut(row)
  })

  app.patch('/:id', {
    preHandler: adminOnly,
    schema: { ...t, summary: 'Change a ticket type (admin)', params: IdParams, body: Type.Partial(Type.Object(TypeProps), { ...closed, minProperties: 1 }), response: { 200: TicketTypeOut, ...errors(400, 403, 404) } },
  }, async (request) => {
    const b = request.body as Partial<{ name: object, flowKey: string | null, templateId: string | null, defaultPriority: string, active: boolean }>
    await checkTemplateId(request.scope, b.templateId)
    const set: Record<string, unknown> = { updated_at: new Date() }
    if (b.name) set.name = JSON.stringify(b.name)
    if (b.flowKey !== undefined) set.flow_key = b.flowKey
    if (b.templateId !== undefined) set.template_id = b.templateId
    if (b.defaultPriority) set.default_priority = b.defaultPriority
    if (b.active !== undefined) set.active = b.active
    const [row] = await request.scope.table('ticket_types').where({ id: (request.params as { id: string }).id }).update(set).returning('*')
    if (!row) throw notFound('ticket type')
    return typeOut(row)
  })
}

/** Per-tenant statuses, each mapped to a lifecycle category. */
export const statusRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('preHandler', staffOnly)
  await invalidateOnWrite(app)
  const t = { tags: ['ticket statuses'] }
  app.get('/', { schema: { ...t, summary: 'Statuses in display order', response: { 200: Type.Array(StatusOut) } } },
    async request => (await request.scope.table('ticket_statuses').orderBy('position')).map(statusOut))

  app.post('/', {
    preHandler: adminOnly,
    schema: { ...t, summary: 'Add a custom status (admin)', body: Type.Object({ key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }), name: Label, category: Category, position: Type.Optional(Type.Integer()) }, closed), response: { 201: StatusOut, ...errors(400, 403, 409) } },
  }, async (request, reply) => {
    const b = request.body as { key: string, name: object, category: string, position?: number }
    const [row] = await request.scope.insert('ticket_statuses', { key: b.key, name: JSON.stringify(b.name), category: b.category, position: b.position ?? 100 })
      .onConflict(['tenant_id', 'key']).ignore().returning('*')
    if (!row) throw conflict(`status "${b.key}" exists`)
    return reply.status(201).send(statusOut(row))
  })

  app.patch('/:id', {
    preHandler: adminOnly,
    // The category is fixed once tickets may carry the status: changing it would rewrite their history.
    schema: { ...t, summary: 'Rename or reorder a status (admin)', params: IdParams, body: Type.Object({ name: Type.Optional(Label), position: Type.Optional(Type.Integer()) }, { ...closed, minProperties: 1 }), response: { 200: StatusOut, ...errors(400, 403, 404) } },
  }, async (request) => {
    const b = request.body as { name?: object, position?: number }
    const [row] = await request.scope.table('ticket_statuses').where({ id: (request.params as { id: string }).id })
      .update({ ...(b.name ? { name: JSON.stringify(b.name) } : {}), ...(b.position !== undefined ? { position: b.position } : {}), updated_at: new Date() }).returning('*')
    if (!row) throw notFound('status')
    return statusOut(row)
  })
}

/** Which regions a user manages (template variants they may edit). */
export const regionRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('preHandler', staffOnly)
  const t = { tags: ['ticket templates'] }
  const Out = Type.Object({ userId: Type.String(), regions: Type.Array(Type.String()) })
  app.get('/:id', { schema: { ...t, summary: 'Regions a user manages', params: IdParams, response: { 200: Out, ...errors(404) } } }, async (request) => {
    const { id } = request.params as { id: string }
    if (!await request.scope.table('users').where({ id }).first('id')) throw notFound('user')
    return { userId: id, regions: await userRegions(request.scope, id) }
  })
  app.put('/:id', {
    preHandler: adminOnly,
    schema: { ...t, summary: 'Set the regions a user manages (admin)', params: IdParams, body: Type.Object({ regions: Type.Array(Region, { maxItems: 50, uniqueItems: true }) }, closed), response: { 200: Out, ...errors(400, 403, 404) } },
  }, async (request) => {
    const { id } = request.params as { id: string }
    const { regions } = request.body as { regions: string[] }
    await request.scope.transaction(async (s) => {
      if (!isUuid(id) || !await s.table('users').where({ id }).first('id')) throw notFound('user')
      await s.table('ticket_user_regions').where({ user_id: id }).del()
      if (regions.length) await s.insert('ticket_user_regions', regions.map(region => ({ user_id: id, region })))
    })
    return { userId: id, regions: [...regions].sort() }
  })
}
