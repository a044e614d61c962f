import { errors, IdParams, notFound, Uuid } from '@scrm/kernel'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { attachmentOut, insertAttachments, receive, registerMultipart, type UploadLimits } from '../attachments/upload.js'
import type { TicketsDeps } from '../deps.js'
import { addLink, type LinkKind, listLinks, removeLink } from '../links.js'
import { findTicket, recordEvent } from '../model.js'
import { listComments } from '../query.js'
import { userActor } from './common.js'
import { closed, lit } from './schemas.js'

const t = { tags: ['tickets'] }
const LinkParams = Type.Object({ id: Uuid, linkId: Uuid }, closed)
export const AttachmentOut = Type.Object({ id: Type.String(), ticketId: Type.Union([Type.String(), Type.Null()]), filename: Type.String(), contentType: Type.String(), size: Type.Integer(), createdAt: Type.String() })

async function live(request: FastifyRequest) {
  const ticket = await findTicket(request.scope, (request.params as { id: string }).id)
  if (!ticket) throw notFound('ticket')
  return ticket
}

/** Comments, attachments and links of one ticket (mounted under /tickets with the ticket routes). */
export function ticketChildRoutes(deps: TicketsDeps, limits: UploadLimits): FastifyPluginAsync {
  return async (app) => {
    await registerMultipart(app, limits)

    app.get('/:id/comments', { schema: { ...t, summary: 'Comments, oldest first', params: IdParams, response: { 200: Type.Array(Type.Unknown()), ...errors(404) } } }, async (request) => {
      const ticket = await live(request)
      return listComments(request.scope, ticket.id)
    })

    app.post('/:id/comments', {
      schema: {
        ...t,
        summary: 'Add a comment: internal (staff only) or public (shown on the customer\'s tracking page)',
        params: IdParams,
        body: Type.Object({ body: Type.String({ minLength: 1, maxLength: 20_000 }), visibility: lit(['internal', 'public']) }, closed),
        response: { 201: Type.Object({ id: Type.String(), visibility: Type.String(), body: Type.String(), createdAt: Type.String() }), ...errors(400, 404) },
      },
    }, async (request, reply) => {
      const ticket = await live(request)
      const { body, visibility } = request.body as { body: string, visibility: 'internal' | 'public' }
      const row = await request.scope.transaction(async (s) => {
        const [c] = await s.insert('ticket_comments', { ticket_id: ticket.id, visibility, author_kind: 'user', author_id: request.auth.userId, body }).returning('*')
        await recordEvent(s, ticket.id, 'commented', userActor(request), { commentId: c.id, visibility }, visibility === 'public')
        await s.table('tickets').where({ id: ticket.id }).update({ updated_at: new Date() })
        return c
      })
      return reply.status(201).send({ id: row.id, visibility: row.visibility, body: row.body, createdAt: new Date(row.created_at).toISOString() })
    })

    app.get('/:id/attachments', { schema: { ...t, summary: 'Files of the ticket', params: IdParams, response: { 200: Type.Array(AttachmentOut), ...errors(404) } } }, async (request) => {
      const ticket = await live(request)
      return (await request.scope.table('ticket_attachments').where({ ticket_id: ticket.id }).orderBy('created_at')).map(attachmentOut)
    })

    app.post('/:id/attachments', {
      schema: { ...t, summary: 'Upload files (multipart, parts named `file`); type sniffed from content, size limited', params: IdParams, consumes: ['multipart/form-data'], response: { 201: Type.Array(AttachmentOut), ...errors(400, 404, 413, 415) } },
    }, async (request, reply) => {
      const ticket = await live(request)
      const { files } = await receive(request, deps.files, request.scope.tenantId, { fileFields: ['file'], maxFiles: limits.maxFiles })
      try {
        const rows = await request.scope.transaction(async (s) => {
          const inserted = await insertAttachments(s, files, ticket.id, 'staff', request.auth.userId)
          await recordEvent(s, ticket.id, 'attachments_added', userActor(request), { ids: inserted.map(r => r.id), filenames: files.map(f => f.filename) })
          return inserted
        })
        return reply.status(201).send(rows.map(attachmentOut))
      }
      catch (err) {
        await deps.files.remove(files.map(f => f.storageKey))
        throw err
      }
    })

    app.get('/:id/links', { schema: { ...t, summary: 'Linked tickets, kind as seen from this one', params: IdParams, response: { 200: Type.Array(Type.Unknown()), ...errors(404) } } }, async (request) => {
      const ticket = await live(request)
      return listLinks(request.scope, ticket.id)
    })

    app.post('/:id/links', {
      schema: {
        ...t,
        summary: 'Link another ticket: parent (it is my parent), child, related, duplicate (I duplicate it), duplicated_by',
        params: IdParams,
        body: Type.Object({ kind: lit(['parent', 'child', 'related', 'duplicate', 'duplicated_by']), ticketId: Uuid }, closed),
        response: { 201: Type.Object({ id: Type.String(), kind: Type.String(), ticketId: Type.String() }), ...errors(400, 404, 409) },
      },
    }, async (request, reply) => {
      const { kind, ticketId } = request.body as { kind: LinkKind, ticketId: string }
      return reply.status(201).send(await addLink(request.scope, (request.params as { id: string }).id, kind, ticketId, userActor(request)))
    })

    app.delete('/:id/links/:linkId', { schema: { ...t, summary: 'Remove a link', params: LinkParams, response: { 204: Type.Null(), ...errors(404) } } }, async (request, reply) => {
      const { id, linkId } = request.params as { id: string, linkId: string }
      await removeLink(request.scope, id, linkId, userActor(request))
      return reply.status(204).send()
    })
  }
}
