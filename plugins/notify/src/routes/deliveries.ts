import { errors, IdParams, notFound, Uuid } from '@scrm/kernel'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { DELIVERY_STATUSES } from '../migrations.js'
import type { NotifyRequest, NotifyService } from '../service.js'
import { closed, managers } from './common.js'

const tags = ['notify']
const DeliveryOut = Type.Object({
  id: Type.String(), event: Type.String(), notifier: Type.String(), channelId: Type.Union([Type.String(), Type.Null()]),
  userId: Type.Union([Type.String(), Type.Null()]), recipient: Type.String(), address: Type.Union([Type.String(), Type.Null()]),
  locale: Type.String(), urgent: Type.Boolean(), subject: Type.String(), body: Type.String(),
  status: Type.String(), attempts: Type.Integer(), lastError: Type.Union([Type.String(), Type.Null()]),
  providerId: Type.Union([Type.String(), Type.Null()]), idempotencyKey: Type.String(),
  heldUntil: Type.Unknown(), sentAt: Type.Unknown(), createdAt: Type.Unknown(), updatedAt: Type.Unknown(),
})
const Query = Type.Object({
  status: Type.Optional(Type.Union(DELIVERY_STATUSES.map(s => Type.Literal(s)))),
  notifier: Type.Optional(Type.String({ maxLength: 64 })),
  event: Type.Optional(Type.String({ maxLength: 100 })),
  userId: Type.Optional(Uuid),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
}, closed)
const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en-US')])
const Text = Type.Union([Type.String({ maxLength: 10_000 }), Type.Object({ 'zh-CN': Type.String(), 'en-US': Type.String() })])
const SendBody = Type.Object({
  event: Type.String({ pattern: '^[a-z][a-zA-Z0-9_.-]{0,99}$' }),
  template: Type.Optional(Type.String({ maxLength: 100 })),
  subject: Type.Optional(Text),
  body: Type.Optional(Text),
  variables: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  recipients: Type.Array(Type.Union([
    Type.Object({ userId: Uuid }, closed),
    Type.Object({ channel: Type.String({ maxLength: 64 }), address: Type.Optional(Type.String({ maxLength: 320 })), locale: Type.Optional(Locale) }, closed),
    Type.Object({ email: Type.String({ format: 'email' }), name: Type.Optional(Type.String()), locale: Type.Optional(Locale) }, closed),
    Type.Object({ phone: Type.String({ pattern: '^\\+?[0-9]{5,20}$' }), name: Type.Optional(Type.String()), locale: Type.Optional(Locale) }, closed),
  ]), { minItems: 1, maxItems: 200 }),
  urgent: Type.Optional(Type.Boolean()),
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
}, closed)

const view = (r: Record<string, any>) => ({
  id: r.id, event: r.event, notifier: r.notifier, channelId: r.channel_id, userId: r.user_id, recipient: r.recipient, address: r.address,
  locale: r.locale, urgent: r.urgent, subject: r.subject, body: r.body, status: r.status, attempts: r.attempts, lastError: r.last_error,
  providerId: r.provider_id, idempotencyKey: r.idempotency_key, heldUntil: r.held_until, sentAt: r.sent_at, createdAt: r.created_at, updatedAt: r.updated_at,
})

/** The delivery log, and sending by hand (supervisors' broadcast; other plugins use the service). */
export function deliveryRoutes(service: NotifyService): FastifyPluginAsync {
  return async (app) => {
    app.get('/deliveries', { preHandler: managers, schema: { tags, summary: 'Delivery log, newest first', querystring: Query, response: { 200: Type.Object({ items: Type.Array(DeliveryOut), total: Type.Integer() }), ...errors(400, 403) } } },
      async (request) => {
        const f = request.query as { status?: string, notifier?: string, event?: string, userId?: string, limit?: number, offset?: number }
        const qb = request.scope.table('notify_deliveries')
        if (f.status) qb.where({ status: f.status })
        if (f.notifier) qb.where({ notifier: f.notifier })
        if (f.event) qb.where({ event: f.event })
        if (f.userId) qb.where({ user_id: f.userId })
        const [{ n }] = await qb.clone().count({ n: '*' })
        const rows = await qb.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }]).limit(f.limit ?? 50).offset(f.offset ?? 0)
        return { items: rows.map(view), total: Number(n) }
      })

    app.get('/deliveries/:id', { preHandler: managers, schema: { tags, summary: 'One delivery', params: IdParams, response: { 200: DeliveryOut, ...errors(403, 404) } } },
      async (request) => {
        const row = await request.scope.table('notify_deliveries').where({ id: (request.params as { id: string }).id }).first()
        if (!row) throw notFound('delivery')
        return view(row)
      })

    app.post('/send', { preHandler: managers, schema: { tags, summary: 'Send a notification (through the outbox; quiet hours apply unless urgent)', body: SendBody, response: { ...errors(400, 403) } } },
      async (request, reply) => {
        const deliveries = await service.dispatch(request.scope, request.body as NotifyRequest)
        return reply.code(202).send({ deliveries })
      })
  }
}
