import { errors, IdParams, notFound } from '@scrm/kernel'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { attachmentOut, insertAttachments, receive, registerMultipart, type UploadLimits } from '../attachments/upload.js'
import type { TicketsDeps } from '../deps.js'
import { isUuid } from '../model.js'
import { staffOnly } from './common.js'
import { AttachmentOut } from './children.js'

const t = { tags: ['attachments'] }

/** RFC 6266: an ASCII fallback name plus the real (often Chinese) name percent-encoded. */
function disposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

/**
 * Uploads ahead of a ticket (ids go into attachment fields or `attachmentIds`) and downloads.
 * Downloads are always `Content-Disposition: attachment`, nosniff and a sandboxing CSP: an
 * uploaded file is never rendered as a page of the API's origin.
 */
export function attachmentRoutes(deps: TicketsDeps, limits: UploadLimits): FastifyPluginAsync {
  return async (app) => {
    app.addHook('preHandler', staffOnly)
    await registerMultipart(app, limits)

    app.post('/', {
      schema: { ...t, summary: 'Upload files for a ticket about to be created (multipart, parts named `file`)', consumes: ['multipart/form-data'], response: { 201: Type.Array(AttachmentOut), ...errors(400, 413, 415) } },
    }, async (request, reply) => {
      const { files } = await receive(request, deps.files, request.scope.tenantId, { fileFields: ['file'], maxFiles: limits.maxFiles })
      try {
        const rows = await insertAttachments(request.scope, files, null, 'staff', request.auth.userId)
        return reply.status(201).send(rows.map(attachmentOut))
      }
      catch (err) {
        await deps.files.remove(files.map(f => f.storageKey))
        throw err
      }
    })

    app.get('/:id', {
      schema: { ...t, summary: 'Metadata of a file', params: IdParams, response: { 200: AttachmentOut, ...errors(404) } },
    }, async (request) => {
      const row = await request.scope.table('ticket_attachments').where({ id: (request.params as { id: string }).id }).first()
      if (!row) throw notFound('attachment')
      return attachmentOut(row)
    })

    app.get('/:id/content', {
      schema: { ...t, summary: 'Download a file (always as an attachment)', params: IdParams, response: { ...errors(404) } },
    }, async (request, reply) => {
      const { id } = request.params as { id: string }
      const row = isUuid(id) ? await request.scope.table('ticket_attachments').where({ id }).first() : undefined
      if (!row) throw notFound('attachment')
      return reply
        .header('content-type', row.content_type === 'text/plain' ? 'text/plain; charset=utf-8' : row.content_type)
        .header('content-length', String(row.size))
        .header('content-disposition', disposition(row.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', 'default-src \'none\'; sandbox')
        .header('cross-origin-resource-policy', 'same-origin')
        .header('cache-control', 'private, no-cache')
        .send(deps.files.read(row.storage_key))
    })
  }
}
