import { errors, IdParams, notFound, type PluginHost, requireRole, Uuid } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { RoutingService } from '../service.js'
import { UUID_RE } from '../store.js'
import { closed, Decision, DirectIn, FactsIn } from './schemas.js'
import { checkPool, checkStrategy, invalid } from './validate.js'

type Row = Record<string, any>
const managers = requireRole('admin', 'supervisor')
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v))
const idOf = (r: { params: unknown }) => (r.params as { id: string }).id
const userActor = (r: FastifyRequest) => ({ kind: 'user' as const, id: r.auth.userId })

const toAssignment = (r: Row) => ({
  id: r.id, ticketId: r.ticket_id ?? null, instanceId: r.instance_id ?? null, nodeId: r.node_id ?? null, kind: r.kind, outcome: r.outcome,
  ruleId: r.rule_id ?? null, ruleName: r.rule_name ?? null, strategy: r.strategy ?? null, assigneeId: r.assignee_id ?? null,
  previousAssigneeId: r.previous_assignee_id ?? null, team: r.team ?? null, reason: r.reason ?? null, actorId: r.actor_id ?? null,
  notified: r.notified ?? [], decision: r.decision, createdAt: iso(r.created_at),
})
const AssignmentOut = Type.Object({}, { additionalProperties: true })

async function ticketOr404(scope: TenantScope, id: string) {
  if (!UUID_RE.test(id) || !await scope.table('tickets').where({ id }).first('id')) throw notFound('ticket')
}

/** Decisions on tickets: preview, (re-)route, override, and the records of why. */
export function ticketRoutes(host: PluginHost, service: RoutingService): FastifyPluginAsync {
  return async (app) => {
    const tags = ['routing']
    app.get('/strategies', { schema: { tags, summary: 'Assignment strategies available to this tenant', response: { 200: Type.Array(Type.Object({ id: Type.String(), label: Type.Unknown(), description: Type.Unknown() })) } } },
      async r => host.registries.assignmentStrategies.list(r.auth.tenantId).map(s => ({ id: s.id, label: s.label, description: s.description ?? null })))

    app.post('/preview', {
      schema: { tags, summary: 'What routing would decide now for a ticket (by id) or for ticket data — nothing is written', body: Type.Object({ ticketId: Type.Optional(Uuid), ticket: Type.Optional(FactsIn), direct: Type.Optional(DirectIn) }, { ...closed, minProperties: 1 }), response: { 200: Decision, ...errors(400, 404) } },
    }, async (r) => {
      const b = r.body as { ticketId?: string, ticket?: Row, direct?: Row }
      if (!b.ticketId && !b.ticket) throw invalid('/ticket', 'or /ticketId is required')
      if (b.direct) { checkStrategy(host, r.auth.tenantId, b.direct.strategy, '/direct/strategy'); await checkPool(r.scope, b.direct.pool, '/direct/pool') }
      return service.preview(r.scope, b.ticketId ?? b.ticket!, { direct: b.direct as never })
    })

    app.post('/tickets/:id/route', {
      preHandler: managers,
      schema: { tags, summary: 'Route (or re-route) a ticket now by the rules, or by a given pool and strategy', params: IdParams, body: Type.Object({ direct: Type.Optional(DirectIn), reason: Type.Optional(Type.String({ maxLength: 500 })) }, closed), response: { 200: Type.Object({ assignmentId: Type.String(), notified: Type.Array(Type.String()), decision: Decision }), ...errors(400, 403, 404) } },
    }, async (r) => {
      const b = (r.body ?? {}) as { direct?: Row, reason?: string }
      await ticketOr404(r.scope, idOf(r))
      if (b.direct) { checkStrategy(host, r.auth.tenantId, b.direct.strategy, '/direct/strategy'); await checkPool(r.scope, b.direct.pool, '/direct/pool') }
      return service.route(r.scope, idOf(r), { direct: b.direct as never, reason: b.reason, actor: userActor(r), kind: 'reassign' })
    })

    app.post('/override', {
      preHandler: managers,
      schema: {
        tags, summary: 'A supervisor assigns a ticket by hand (assigneeId null = back to the team queue); the reason is recorded',
        body: Type.Object({ ticketId: Uuid, assigneeId: Type.Union([Uuid, Type.Null()]), team: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])), reason: Type.String({ minLength: 1, maxLength: 500 }) }, closed),
        response: { 200: Type.Object({ assignmentId: Type.String(), assigneeId: Type.Union([Type.String(), Type.Null()]), team: Type.Union([Type.String(), Type.Null()]) }), ...errors(400, 403, 404) },
      },
    }, async (r) => {
      const b = r.body as { ticketId: string, assigneeId: string | null, team?: string | null, reason: string }
      if (!b.reason.trim()) throw invalid('/reason', 'must not be blank')
      return service.override(r.scope, b.ticketId, { assigneeId: b.assigneeId, team: b.team, reason: b.reason.trim(), actor: userActor(r) })
    })

    app.get('/tickets/:id/assignments', { schema: { tags, summary: 'Every routing decision and override of a ticket, newest first', params: IdParams, response: { 200: Type.Array(AssignmentOut), ...errors(404) } } },
      async (r) => {
        await ticketOr404(r.scope, idOf(r))
        return (await r.scope.table('routing_assignments').where({ ticket_id: idOf(r) }).orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }])).map(toAssignment)
      })
    app.get('/assignments/:id', { schema: { tags, summary: 'One routing record with its full reasons', params: IdParams, response: { 200: AssignmentOut, ...errors(404) } } },
      async (r) => {
        const row = await r.scope.table('routing_assignments').where({ id: idOf(r) }).first()
        if (!row) throw notFound('assignment')
        return toAssignment(row)
      })
    app.get('/tickets/:id/tags', { schema: { tags, summary: 'Tags of a ticket and where each came from', params: IdParams, response: { 200: Type.Array(Type.Object({ tag: Type.String(), source: Type.String(), detail: Type.Union([Type.String(), Type.Null()]) })), ...errors(404) } } },
      async (r) => {
        await ticketOr404(r.scope, idOf(r))
        return service.tags(r.scope, idOf(r))
      })
  }
}
