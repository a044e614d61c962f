import { badRequest, errors, IdParams, notFound, Uuid } from '@scrm/kernel'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { createTicket, type Created, type NewTicket } from '../create.js'
import type { TicketsDeps } from '../deps.js'
import { requestHash } from '../idempotency.js'
import { mergeTickets } from '../merge.js'
import { findTicket } from '../model.js'
import { listTickets, listComments, ticketView, timeline, type TicketFilter } from '../query.js'
import { QUEUES, type Queue, queueCounts } from '../queues.js'
import { assignTicket, changeStatus, type TicketPatch, updateTicket } from '../update.js'
import { idempotencyKey, staffOnly, userActor } from './common.js'
import { Category, closed, Description, FieldValues, Key, lit, Priority, Team, TicketInputProps, TicketOut, Title } from './schemas.js'

const t = { tags: ['tickets'] }
const Version = Type.Integer({ minimum: 1 })
const CSV = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 })
const Teams = Type.Array(Team, { maxItems: 50 })
/** Channels that are set by their own endpoints and may not be claimed through this one. */
const OWN_ENDPOINT = new Set(['portal', 'chat'])

export const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' })) })

/** 201 either way: a replay answers exactly like the original, marked by a header. */
export function sendCreated(reply: FastifyReply, c: Created) {
  if (c.replayed) reply.header('idempotent-replayed', 'true')
  return reply.status(201).send(c.ticket)
}

export function ticketRoutes(deps: TicketsDeps): FastifyPluginAsync {
  return async (app) => {
    app.addHook('preHandler', staffOnly)

    app.post('/', {
      schema: {
        ...t,
        summary: 'Create a ticket (REST API channel). Send Idempotency-Key to make retries safe: same key and body → the same ticket',
        headers: IdempotencyHeaders,
        body: Type.Object({ ...TicketInputProps, title: Title, channel: Type.Optional(Key) }, closed),
        response: { 201: TicketOut, ...errors(400, 403, 422) },
      },
    }, async (request, reply) => {
      const body = request.body as NewTicket & { channel?: string }
      const channel = body.channel ?? 'api'
      if (OWN_ENDPOINT.has(channel)) throw badRequest(`invalid body: /channel ${channel} tickets come from their own endpoint`, [{ in: 'body', field: '/channel', message: 'use the channel\'s own endpoint' }])
      const key = idempotencyKey(request)
      const { channel: _, ...input } = body
      return sendCreated(reply, await createTicket(deps, request.scope, input, {
        channel, actor: userActor(request), idempotency: key ? { key, hash: requestHash('POST /tickets', body) } : undefined,
      }))
    })

    app.get('/', {
      schema: {
        ...t,
        summary: 'List and search tickets (q finds substrings of number, title, description and field values)',
        querystring: Type.Object({
          status: Type.Optional(CSV), category: Type.Optional(Type.Array(Category)), priority: Type.Optional(Type.Array(Priority)), type: Type.Optional(CSV),
          assignee: Type.Optional(Type.Union([Uuid, Type.Literal('none')])), team: Type.Optional(Team), customer: Type.Optional(Uuid), channel: Type.Optional(CSV),
          createdFrom: Type.Optional(Type.String({ format: 'date-time' })), createdTo: Type.Optional(Type.String({ format: 'date-time' })),
          sla: Type.Optional(Type.Array(lit(['ok', 'at_risk', 'breached']))), q: Type.Optional(Type.String({ maxLength: 200 })),
          queue: Type.Optional(lit(QUEUES)), teams: Type.Optional(Teams),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
        }, closed),
        response: { 200: Type.Object({ items: Type.Array(TicketOut), limit: Type.Integer(), offset: Type.Integer() }), ...errors(400) },
      },
    }, async (request) => {
      const { teams, ...f } = request.query as TicketFilter & { teams?: string[] }
      return listTickets(request.scope, { ...f, viewer: { userId: request.auth.userId, teams: teams ?? [] } })
    })

    app.get('/queues', {
      schema: {
        ...t,
        summary: 'Sizes of the workbench queues for the caller (tickets not yet resolved): mine, team (teams = the caller\'s team keys), unassigned, at_risk, breached',
        querystring: Type.Object({ teams: Type.Optional(Teams) }, closed),
        response: { 200: Type.Object(Object.fromEntries(QUEUES.map(q => [q, Type.Integer()])) as Record<Queue, ReturnType<typeof Type.Integer>>), ...errors(400) },
      },
    }, async (request) => {
      const { teams } = request.query as { teams?: string[] }
      return queueCounts(request.scope, { userId: request.auth.userId, teams: teams ?? [] })
    })

    app.get('/:id', {
      schema: { ...t, summary: 'A ticket with the template version it was created with', params: IdParams, response: { 200: Type.Object({ ...TicketOut.properties, template: Type.Unknown() }), ...errors(404) } },
    }, async request => ticketView(request.scope, (request.params as { id: string }).id))

    app.patch('/:id', {
      schema: {
        ...t,
        summary: 'Change a ticket; expectedVersion is the version you edited (stale → 409 with currentVersion)',
        params: IdParams,
        body: Type.Object({
          expectedVersion: Version, title: Type.Optional(Title), description: Type.Optional(Description), priority: Type.Optional(Priority),
          fields: Type.Optional(FieldValues), team: Type.Optional(Type.Union([Team, Type.Null()])),
          customerId: Type.Optional(Type.Union([Uuid, Type.Null()])), assetId: Type.Optional(Type.Union([Uuid, Type.Null()])),
        }, { ...closed, minProperties: 2 }),
        response: { 200: TicketOut, ...errors(400, 404, 409) },
      },
    }, async (request) => {
      const { expectedVersion, ...patch } = request.body as TicketPatch & { expectedVersion: number }
      return updateTicket(deps, request.scope, (request.params as { id: string }).id, patch, expectedVersion, userActor(request))
    })

    app.post('/:id/assign', {
      schema: {
        ...t,
        summary: 'Assign or transfer to a user and/or team',
        params: IdParams,
        body: Type.Object({
          assigneeId: Type.Optional(Type.Union([Uuid, Type.Null()])), team: Type.Optional(Type.Union([Team, Type.Null()])),
          reason: Type.Optional(Type.String({ maxLength: 500 })), expectedVersion: Type.Optional(Version),
        }, { ...closed, minProperties: 1 }),
        response: { 200: TicketOut, ...errors(400, 404, 409) },
      },
    }, async (request) => {
      const { expectedVersion, ...to } = request.body as { assigneeId?: string | null, team?: string | null, reason?: string, expectedVersion?: number }
      if (to.assigneeId === undefined && to.team === undefined) throw badRequest('invalid body: /assigneeId or /team is required', [{ in: 'body', field: '/assigneeId', message: 'assigneeId or team is required' }])
      return assignTicket(request.scope, (request.params as { id: string }).id, to, expectedVersion, userActor(request))
    })

    app.post('/:id/status', {
      schema: {
        ...t,
        summary: 'Change the status (lifecycle: nothing returns to new; closed tickets can only be reopened)',
        params: IdParams,
        body: Type.Object({ status: Type.String({ minLength: 1, maxLength: 32 }), expectedVersion: Type.Optional(Version) }, closed),
        response: { 200: TicketOut, ...errors(400, 404, 409) },
      },
    }, async (request) => {
      const { status, expectedVersion } = request.body as { status: string, expectedVersion?: number }
      return changeStatus(request.scope, (request.params as { id: string }).id, status, expectedVersion, userActor(request))
    })

    app.post('/:id/merge', {
      schema: {
        ...t,
        summary: 'Merge this ticket into another (comments, attachments and links move; this one closes and points at the survivor)',
        params: IdParams,
        body: Type.Object({ intoId: Uuid, expectedVersion: Type.Optional(Version) }, closed),
        response: { 200: Type.Object({ merged: TicketOut, survivor: TicketOut }), ...errors(400, 404, 409) },
      },
    }, async (request) => {
      const { intoId, expectedVersion } = request.body as { intoId: string, expectedVersion?: number }
      return mergeTickets(request.scope, (request.params as { id: string }).id, intoId, userActor(request), expectedVersion)
    })

    app.get('/:id/timeline', {
      schema: { ...t, summary: 'Every event and comment of the ticket, who and when', params: IdParams, response: { 200: Type.Object({ events: Type.Array(Type.Unknown()), comments: Type.Array(Type.Unknown()) }), ...errors(404) } },
    }, async (request) => {
      const { id } = request.params as { id: string }
      if (!await findTicket(request.scope, id)) throw notFound('ticket')
      const [events, comments] = await Promise.all([timeline(request.scope, id), listComments(request.scope, id)])
      return { events, comments }
    })
  }
}
