import { errors, IdParams, notFound, requireRole } from '@scrm/kernel'
import { cancelInstance, sendEvent, startInstance } from '@scrm/runtime'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { FlowRuntime } from '../flow-runtime.js'
import { actorOf, AnyObject, http, instanceOut, Json, STAFF, taskOut } from './shared.js'

const Uuid = Type.String({ format: 'uuid' })
const StartBody = Type.Object({
  flowKey: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  flowVersionId: Type.Optional(Uuid),
  ticketId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  vars: Type.Optional(AnyObject),
}, { additionalProperties: false })
const EventBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), payload: Type.Optional(Json) }, { additionalProperties: false })
const ListQuery = Type.Object({
  status: Type.Optional(Type.Union(['running', 'completed', 'failed', 'cancelled'].map(s => Type.Literal(s)))),
  ticketId: Type.Optional(Uuid),
  flowKey: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
}, { additionalProperties: false })
const Out = Type.Object({}, { additionalProperties: true })

export function instanceRoutes(runtime: FlowRuntime): FastifyPluginAsync {
  return async (app) => {
    const tags = ['instances']
    const id = (r: FastifyRequest) => (r.params as { id: string }).id
    const load = async (r: FastifyRequest) => {
      const row = await r.scope.table('instances').where('id', id(r)).first()
      if (!row) throw notFound('instance')
      return row
    }

    app.get('/', { preHandler: requireRole(...STAFF), schema: { tags, summary: 'Instances (newest first)', querystring: ListQuery, response: { 200: Type.Array(Out) } } },
      async (r) => {
        const q = r.query as { status?: string, ticketId?: string, flowKey?: string, limit?: number }
        const rows = await r.scope.table('instances').modify((b) => {
          if (q.status) b.where('status', q.status)
          if (q.ticketId) b.where('ticket_id', q.ticketId)
          if (q.flowKey) b.where('flow_key', q.flowKey)
        }).orderBy('created_at', 'desc').limit(q.limit ?? 100)
        return rows.map(instanceOut)
      })

    app.post('/', { preHandler: requireRole(...STAFF), schema: { tags, summary: 'Start an instance of a published flow', body: StartBody, response: { 201: Out, ...errors(400, 403, 404) } } },
      async (r, reply) => {
        const b = r.body as { flowKey?: string, flowVersionId?: string, ticketId?: string | null, vars?: Record<string, unknown> }
        const instance = await http(() => startInstance(runtime.engine, r.scope.db, r.auth.tenantId, { ...b, actor: actorOf(r) }))
        return reply.status(201).send(instanceOut(await r.scope.table('instances').where('id', instance.id).first()))
      })

    app.get('/:id', { preHandler: requireRole(...STAFF), schema: { tags, summary: 'One instance with its tokens, open tasks and incidents', params: IdParams, response: { 200: Out, ...errors(404) } } },
      async (r) => {
        const i = await load(r)
        const [tokens, tasks, incidents] = await Promise.all([
          r.scope.table('tokens').where('instance_id', i.id).whereIn('status', ['active', 'waiting']).select('id', 'node_id', 'status', 'waiting_for'),
          r.scope.table('tasks').where('instance_id', i.id).orderBy('created_at'),
          r.scope.table('incidents').where('instance_id', i.id).orderBy('created_at').select('id', 'node_id', 'code', 'message', 'status', 'created_at'),
        ])
        return {
          ...instanceOut(i),
          tokens: tokens.map((t: any) => ({ id: t.id, nodeId: t.node_id, status: t.status, waitingFor: t.waiting_for })),
          tasks: tasks.map(taskOut),
          incidents: incidents.map((x: any) => ({ id: x.id, nodeId: x.node_id, code: x.code, message: x.message, status: x.status, at: new Date(x.created_at).toISOString() })),
        }
      })

    app.get('/:id/timeline', { preHandler: requireRole(...STAFF), schema: { tags, summary: 'History of the instance, in order', params: IdParams, response: { 200: Type.Array(Out), ...errors(404) } } },
      async (r) => {
        const i = await load(r)
        const rows = await r.scope.table('history').where('instance_id', i.id).orderBy('seq')
        return rows.map((h: any) => ({ seq: h.seq, event: h.event, nodeId: h.node_id, tokenId: h.token_id, actor: h.actor, data: h.data, at: new Date(h.at).toISOString() }))
      })

    app.post('/:id/events', { preHandler: requireRole(...STAFF), schema: { tags, summary: 'Deliver an event to the steps waiting for it', params: IdParams, body: EventBody, response: { 200: Type.Object({ delivered: Type.Integer() }), ...errors(400, 404, 409) } } },
      async (r) => {
        const b = r.body as { name: string, payload?: unknown }
        return http(() => sendEvent(runtime.engine, r.scope.db, r.auth.tenantId, id(r), b.name, b.payload ?? null, actorOf(r)))
      })

    app.post('/:id/cancel', { preHandler: requireRole('admin', 'supervisor'), schema: { tags, summary: 'Cancel a running instance', params: IdParams, response: { 200: Out, ...errors(403, 404, 409) } } },
      async (r) => {
        await http(() => cancelInstance(runtime.engine, r.scope.db, r.auth.tenantId, id(r), actorOf(r)))
        return instanceOut(await load(r))
      })
  }
}
