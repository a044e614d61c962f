import multipart from '@fastify/multipart'
import { badRequest, HttpError } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AttachmentStore, StoredFile } from './store.js'

export interface ReceivedFile extends StoredFile {
  filename: string
  /** `/photos/0`: how errors and responses name the part. */
  field: string
}

export interface Received {
  files: ReceivedFile[]
  /** Text parts (the portal sends its JSON as a `data` part). */
  fields: Record<string, string>
}

export interface UploadLimits {
  maxFiles: number
  maxBytes: number
}

/** Multipart parsing for one route context. Size is enforced by the store (it names the part). */
export async function registerMultipart(app: FastifyInstance, limits: UploadLimits): Promise<void> {
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: limits.maxBytes, files: limits.maxFiles + 1, fields: 20, fieldSize: 1024 * 1024, parts: limits.maxFiles + 21 },
  })
}

/**
 * Streams every file part to the store (type-sniffed, size-limited) and collects text parts.
 * On any failure the files already stored are removed: a rejected request leaves nothing on disk.
 */
export async function receive(request: FastifyRequest, store: AttachmentStore, tenantId: string, opts: { /** undefined: any part name (the caller checks) */ fileFields?: string[], maxFiles: number }): Promise<Received> {
  if (!request.isMultipart()) throw new HttpError(415, 'expected multipart/form-data')
  const out: Received = { files: [], fields: {} }
  const counts = new Map<string, number>()
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        out.fields[part.fieldname] = String(part.value)
        continue
      }
      const index = counts.get(part.fieldname) ?? 0
      counts.set(part.fieldname, index + 1)
      const field = `/${part.fieldname}/${index}`
      if (opts.fileFields && !opts.fileFields.includes(part.fieldname)) {
        part.file.resume()
        throw badRequest(`unexpected file part ${part.fieldname}`, [{ in: 'body', field: `/${part.fieldname}`, message: `files go in ${opts.fileFields.join(' or ')}` }])
      }
      if (out.files.length >= opts.maxFiles) {
        part.file.resume()
        throw new HttpError(413, `${field}: at most ${opts.maxFiles} files per request`, [{ in: 'body', field, message: `at most ${opts.maxFiles} files` }])
      }
      const stored = await store.save(tenantId, part.file, field)
      out.files.push({ ...stored, filename: cleanName(part.filename), field })
    }
  }
  catch (err) {
    await store.remove(out.files.map(f => f.storageKey))
    throw err
  }
  return out
}

/** File names are shown and sent back in Content-Disposition: no paths, no control characters. */
function cleanName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\x00-\x1F\x7F"]/g, '').trim()
  return (base || 'file').slice(0, 200)
}

/** Rows for `ticket_attachments` (ticket null = uploaded ahead of the ticket that will use it). */
export async function insertAttachments(scope: TenantScope, files: ReceivedFile[], ticketId: string | null, via: string, userId: string | null) {
  if (!files.length) return []
  return scope.insert('ticket_attachments', files.map(f => ({
    ticket_id: ticketId, filename: f.filename, content_type: f.contentType, size: f.size, sha256: f.sha256,
    storage_key: f.storageKey, uploaded_via: via, uploaded_by: userId,
  }))).returning(['id', 'ticket_id', 'filename', 'content_type', 'size', 'created_at'])
}

export const attachmentOut = (r: Record<string, any>) => ({
  id: r.id as string, ticketId: (r.ticket_id ?? null) as string | null, filename: r.filename as string,
  contentType: r.content_type as string, size: Number(r.size), createdAt: new Date(r.created_at).toISOString(),
})
