import { errors, IdParams, notFound, requireRole } from '@scrm/kernel'
import { assignTask, completeTask, type TaskRow } from '@scrm/runtime'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { FlowRuntime } from '../flow-runtime.js'
import { actorOf, AnyObject, emptyBody, http, STAFF, taskOut } from './shared.js'

const ListQuery = Type.Object({
  mine: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')])),
  status: Type.Optional(Type.Union(['open', 'completed', 'cancelled'].map(s => Type.Literal(s)))),
  instanceId: Type.Optional(Type.String({ format: 'uuid' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
}, { additionalProperties: false })
const CompleteBody = Type.Object({
  outcome: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  form: Type.Optional(AnyObject),
  comment: Type.Optional(Type.String({ maxLength: 4000 })),
  expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
}, { additionalProperties: false })
const DecisionBody = Type.Object({
  comment: Type.Optional(Type.String({ maxLength: 4000 })),
  expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
}, { additionalProperties: false })
const AssignBody = Type.Object({
  assigneeId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
}, { additionalProperties: false })
const Out = Type.Object({}, { additionalProperties: true })

export function taskRoutes(runtime: FlowRuntime): FastifyPluginAsync {
  return async (app) => {
    const tags = ['tasks']
    const id = (r: FastifyRequest) => (r.params as { id: string }).id

    app.get('/', { preHandler: requireRole(...STAFF), schema: { tags, summary: 'Tasks: `mine=1` is my inbox (assigned to me or to my pool)', querystring: ListQuery, response: { 200: Type.Array(Out) } } },
      async (r) => {
        const q = r.query as { mine?: string, status?: string, instanceId?: string, limit?: number }
        const { userId, role } = r.auth
        const mine = q.mine === '1' || q.mine === 'true' || role === 'agent' // agents only ever see their own
        const rows = await r.scope.table('tasks').where('status', q.status ?? 'open').modify((b) => {
          if (q.instanceId) b.where('instance_id', q.instanceId)
          if (mine) {
            b.where(w => w.where('assignee_id', userId).orWhere(p => p.whereNull('assignee_id').where(c =>
              c.whereRaw('candidate_users @> ?::jsonb', [JSON.stringify([userId])]).orWhere('candidate_role', role))))
          }
        }).orderBy('created_at').limit(q.limit ?? 200) as TaskRow[]
        return rows.map(taskOut)
      })

    app.get('/:id', { preHandler: requireRole(...STAFF), schema: { tags, summary: 'One task', params: IdParams, response: { 200: Out, ...errors(404) } } },
      async (r) => {
        const t = await r.scope.table('tasks').where('id', id(r)).first()
        if (!t) throw notFound('task')
        return taskOut(t)
      })

    const complete = (r: FastifyRequest, outcome?: string) => {
      const b = r.body as { outcome?: string, form?: Record<string, unknown>, comment?: string, expectedVersion?: number } | undefined
      return http(() => completeTask(runtime.engine, r.scope.db, r.auth.tenantId, id(r), { ...b, outcome: outcome ?? b?.outcome, actor: actorOf(r), ...(outcome ? { kind: 'approval' } : {}) })).then(taskOut)
    }
    const errs = errors(400, 403, 404, 409)
    app.post('/:id/complete', { preValidation: emptyBody, preHandler: requireRole(...STAFF), schema: { tags, summary: 'Complete a task (409 if already done or stale expectedVersion)', params: IdParams, body: CompleteBody, response: { 200: Out, ...errs } } },
      async r => complete(r))
    app.post('/:id/assign', { preHandler: requireRole(...STAFF), schema: { tags, summary: 'Reassign (supervisors) or claim a pool task (its candidates)', params: IdParams, body: AssignBody, response: { 200: Out, ...errs } } },
      async (r) => {
        const b = r.body as { assigneeId: string | null, expectedVersion?: number }
        return taskOut(await http(() => assignTask(runtime.engine, r.scope.db, r.auth.tenantId, id(r), { ...b, actor: actorOf(r) })))
      })
    app.post('/:id/approve', { preValidation: emptyBody, preHandler: requireRole(...STAFF), schema: { tags, summary: 'Approve an approval task', params: IdParams, body: DecisionBody, response: { 200: Out, ...errs } } },
      async r => complete(r, 'approve'))
    app.post('/:id/reject', { preValidation: emptyBody, preHandler: requireRole(...STAFF), schema: { tags, summary: 'Reject an approval task', params: IdParams, body: DecisionBody, response: { 200: Out, ...errs } } },
      async r => complete(r, 'reject'))
  }
}
