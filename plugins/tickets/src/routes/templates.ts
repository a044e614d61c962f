import type { TemplateSchema } from '@scrm/forms'
import { conflict, errors, IdParams } from '@scrm/kernel'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { type Editor, findTemplate, listVersions, publishVersion, toTemplate, versionByNumber } from '../templates.js'
import { adminOnly, invalidateOnWrite, staffOnly } from './common.js'
import { closed, Key, Label, TemplateOut, TemplateSchemaSchema, VersionOut } from './schemas.js'

const t = { tags: ['ticket templates'] }
const VersionParams = Type.Object({ id: IdParams.properties.id, version: Type.Integer({ minimum: 1 }) }, closed)
const editor = (r: FastifyRequest): Editor => ({ userId: r.auth.userId, role: r.auth.role })

/**
 * Templates are versioned field schemas. Publishing never edits a version: it adds the next one,
 * and tickets keep rendering with the version they were created with.
 */
export const templateRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('preHandler', staffOnly)
  await invalidateOnWrite(app)

  app.get('/', { schema: { ...t, summary: 'Templates', response: { 200: Type.Array(TemplateOut) } } },
    async request => (await request.scope.table('ticket_templates').orderBy('key')).map(toTemplate))

  app.post('/', {
    preHandler: adminOnly,
    schema: {
      ...t,
      summary: 'Create a template (admin); with `schema` its version 1 is published at once',
      body: Type.Object({ key: Key, name: Label, schema: Type.Optional(TemplateSchemaSchema) }, closed),
      response: { 201: Type.Object({ ...TemplateOut.properties, schema: Type.Unknown() }), ...errors(400, 403, 409) },
    },
  }, async (request, reply) => {
    const body = request.body as { key: string, name: object, schema?: TemplateSchema }
    const created = await request.scope.transaction(async (s) => {
      const [row] = await s.insert('ticket_templates', { key: body.key, name: JSON.stringify(body.name) }).onConflict(['tenant_id', 'key']).ignore().returning('*')
      if (!row) throw conflict(`template key "${body.key}" is taken`)
      if (body.schema) await publishVersion(s, row.id, body.schema, editor(request))
      return findTemplate(s, row.id)
    })
    return reply.status(201).send({ ...created, schema: body.schema ?? null })
  })

  app.get('/:id', {
    schema: { ...t, summary: 'A template with its current schema', params: IdParams, response: { 200: Type.Object({ ...TemplateOut.properties, schema: Type.Unknown() }), ...errors(404) } },
  }, async (request) => {
    const tpl = await findTemplate(request.scope, (request.params as { id: string }).id)
    const schema = tpl.currentVersion ? (await versionByNumber(request.scope, tpl.id, tpl.currentVersion)).schema : null
    return { ...tpl, schema }
  })

  app.patch('/:id', {
    preHandler: adminOnly,
    schema: {
      ...t,
      summary: 'Rename or archive a template (admin)',
      params: IdParams,
      body: Type.Object({ name: Type.Optional(Label), archived: Type.Optional(Type.Boolean()) }, { ...closed, minProperties: 1 }),
      response: { 200: TemplateOut, ...errors(400, 403, 404) },
    },
  }, async (request) => {
    const { id } = request.params as { id: string }
    await findTemplate(request.scope, id)
    const body = request.body as { name?: object, archived?: boolean }
    await request.scope.table('ticket_templates').where({ id }).update({
      ...(body.name ? { name: JSON.stringify(body.name) } : {}), ...(body.archived !== undefined ? { archived: body.archived } : {}), updated_at: new Date(),
    })
    return findTemplate(request.scope, id)
  })

  app.get('/:id/versions', {
    schema: { ...t, summary: 'Published versions, newest first', params: IdParams, response: { 200: Type.Array(VersionOut), ...errors(404) } },
  }, async request => listVersions(request.scope, (request.params as { id: string }).id))

  app.get('/:id/versions/:version', {
    schema: { ...t, summary: 'One published version', params: VersionParams, response: { 200: VersionOut, ...errors(404) } },
  }, async (request) => {
    const { id, version } = request.params as { id: string, version: number }
    await findTemplate(request.scope, id)
    return versionByNumber(request.scope, id, version)
  })

  app.post('/:id/versions', {
    schema: {
      ...t,
      summary: 'Publish the next version (admins: anything; region managers: only their regions\' variants)',
      params: IdParams,
      body: Type.Object({ schema: TemplateSchemaSchema, note: Type.Optional(Type.String({ maxLength: 500 })), expectedVersion: Type.Optional(Type.Integer({ minimum: 0 })) }, closed),
      response: { 201: VersionOut, ...errors(400, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const body = request.body as { schema: TemplateSchema, note?: string, expectedVersion?: number }
    const v = await publishVersion(request.scope, (request.params as { id: string }).id, body.schema, editor(request), { note: body.note, expectedVersion: body.expectedVersion })
    return reply.status(201).send(v)
  })

  app.post('/:id/revert', {
    schema: {
      ...t,
      summary: 'Publish an earlier version again as the next version ("one click back" after a promotion season)',
      params: IdParams,
      body: Type.Object({ version: Type.Integer({ minimum: 1 }), expectedVersion: Type.Optional(Type.Integer({ minimum: 0 })) }, closed),
      response: { 201: VersionOut, ...errors(400, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const body = request.body as { version: number, expectedVersion?: number }
    await findTemplate(request.scope, id)
    const old = await versionByNumber(request.scope, id, body.version)
    const v = await publishVersion(request.scope, id, old.schema, editor(request), { note: `revert to v${body.version}`, expectedVersion: body.expectedVersion })
    return reply.status(201).send(v)
  })
}
