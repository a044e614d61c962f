import { badRequest, conflict, errors, IdParams, notFound, type Registries } from '@scrm/kernel'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { type ChannelRow, channels, channelView, fullConfig, splitSecrets } from '../channels.js'
import type { NotifyService } from '../service.js'
import { adminOnly, checkConfig, closed, managers, staff } from './common.js'

const tags = ['notify']
const Key = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' })
const ChannelOut = Type.Object({
  id: Type.String(), key: Type.String(), name: Type.String(), notifier: Type.String(),
  isDefault: Type.Boolean(), enabled: Type.Boolean(),
  config: Type.Record(Type.String(), Type.Unknown()),
  secretsSet: Type.Array(Type.String()),
  createdAt: Type.Unknown(), updatedAt: Type.Unknown(),
})
const NotifierOut = Type.Object({
  id: Type.String(), label: Type.Unknown(), description: Type.Unknown(), configSchema: Type.Unknown(),
  secretFields: Type.Array(Type.String()), addresses: Type.String(),
})
const ChannelCreate = Type.Object({
  key: Key,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  notifier: Type.String({ minLength: 1, maxLength: 64 }),
  isDefault: Type.Optional(Type.Boolean()),
  enabled: Type.Optional(Type.Boolean()),
  config: Type.Record(Type.String(), Type.Unknown()),
}, closed)
const ChannelPatch = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  isDefault: Type.Optional(Type.Boolean()),
  enabled: Type.Optional(Type.Boolean()),
  /** Public fields replace the stored ones; secret fields replace, `null` removes, absent keeps. */
  config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
}, { ...closed, minProperties: 1 })

/** Notifiers and their per-tenant channels. Secrets are write-only: responses list which are set. */
export function channelRoutes(service: NotifyService, registries: Pick<Registries, 'notifiers'>): FastifyPluginAsync {
  const notifierOf = (request: FastifyRequest, id: string) => {
    const def = registries.notifiers.get(request.auth.tenantId, id)
    if (!def) throw badRequest(`unknown notifier "${id}"`, [{ in: 'body', field: '/notifier', message: 'not available' }])
    return def
  }
  const load = async (request: FastifyRequest): Promise<ChannelRow> => {
    const row = await channels.byId(request.scope, (request.params as { id: string }).id)
    if (!row) throw notFound('channel')
    return row
  }

  return async (app) => {
    app.get('/notifiers', {
      preHandler: staff,
      schema: { tags, summary: 'Notifiers available to this tenant, with their config schemas', response: { 200: Type.Array(NotifierOut) } },
    }, async request => registries.notifiers.list(request.auth.tenantId).map(n => ({
      id: n.id, label: n.label, description: n.description, configSchema: n.configSchema ?? null, secretFields: n.secretFields ?? [], addresses: n.addresses ?? 'none',
    })))

    app.get('/channels', {
      preHandler: managers,
      schema: { tags, summary: 'Configured channels (secrets never included)', response: { 200: Type.Array(ChannelOut), ...errors(403) } },
    }, async request => (await channels.list(request.scope)).map(channelView))

    app.post('/channels', {
      preHandler: adminOnly,
      schema: { tags, summary: 'Add a channel', body: ChannelCreate, response: { 201: ChannelOut, ...errors(400, 403, 409) } },
    }, async (request, reply) => {
      const b = request.body as { key: string, name: string, notifier: string, isDefault?: boolean, enabled?: boolean, config: Record<string, unknown> }
      const def = notifierOf(request, b.notifier)
      checkConfig(def, b.config)
      if (await channels.byKey(request.scope, b.key)) throw conflict(`channel "${b.key}" exists`)
      const row = await channels.create(request.scope, { ...b, ...splitSecrets(def, b.config) })
      return reply.code(201).send(channelView(row))
    })

    app.patch('/channels/:id', {
      preHandler: adminOnly,
      schema: { tags, summary: 'Change a channel', params: IdParams, body: ChannelPatch, response: { 200: ChannelOut, ...errors(400, 403, 404) } },
    }, async (request) => {
      const row = await load(request)
      const b = request.body as { name?: string, isDefault?: boolean, enabled?: boolean, config?: Record<string, unknown> }
      const def = notifierOf(request, row.notifier)
      const split = b.config ? splitSecrets(def, b.config) : undefined
      if (split) {
        const merged = { ...fullConfig(row), ...split.secrets, ...split.config }
        for (const [k, v] of Object.entries(split.secrets)) if (v === null) delete merged[k]
        for (const k of Object.keys(row.config)) if (!(k in split.config)) delete merged[k]
        checkConfig(def, merged)
      }
      return channelView(await channels.update(request.scope, row, { ...b, config: split?.config, secrets: split?.secrets }))
    })

    app.delete('/channels/:id', {
      preHandler: adminOnly,
      schema: { tags, summary: 'Remove a channel', params: IdParams, response: { 204: Type.Null(), ...errors(403, 404) } },
    }, async (request, reply) => {
      const row = await load(request)
      await channels.remove(request.scope, row.id)
      return reply.code(204).send()
    })

    app.post('/channels/:id/test', {
      preHandler: adminOnly,
      schema: { tags, summary: 'Send a test message through the channel (urgent: ignores quiet hours)', params: IdParams, response: { ...errors(403, 404) } },
    }, async (request, reply) => {
      const row = await load(request)
      const def = notifierOf(request, row.notifier)
      let address: string | undefined
      if (def.addresses === 'email' || def.addresses === 'phone') {
        const me = await request.scope.table('users').where({ id: request.auth.userId }).first()
        address = (def.addresses === 'email' ? me?.email : me?.phone) ?? undefined
        if (!address) throw badRequest(`your user has no ${def.addresses === 'email' ? 'email address' : 'phone number'} to send the test to`)
      }
      const recipients = [{ channel: row.key, address }]
      const deliveries = await service.dispatch(request.scope, {
        event: 'notify.test',
        subject: { 'zh-CN': '测试消息：{{channel}}', 'en-US': 'Test message: {{channel}}' },
        body: { 'zh-CN': '这是一条来自工单流的测试消息。', 'en-US': 'This is a test message from the work-order platform.' },
        variables: { channel: row.name },
        recipients,
        urgent: true,
      })
      return reply.code(202).send({ deliveries })
    })
  }
}
