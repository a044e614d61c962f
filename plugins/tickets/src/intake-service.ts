import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import type { TenantScope } from '@scrm/store'
import type { ReceivedFile } from './attachments/upload.js'
import { createTicket, type Created, type IntakeContext, type NewTicket } from './create.js'
import type { TicketsDeps } from './deps.js'
import { withTicketEvents } from './events.js'
import { type Actor, findTicket, recordEvent, type Ticket, ticketQuery, toTicket } from './model.js'

/** A file a channel received in memory (a mail attachment, a downloaded chat image). */
export interface IncomingFile {
  filename: string
  content: Buffer
}

export type StoredUpload = ReceivedFile & { id: string }

export interface ChannelComment {
  body: string
  visibility: 'internal' | 'public'
  actor: Actor
  authorName?: string
  data?: unknown
  /** Files stored by `storeFiles`, attached to the ticket with the comment. */
  uploads?: StoredUpload[]
  channel: string
}

/**
 * What channel plugins (email, WeCom …) use to turn messages into tickets:
 * `services.get<TicketsIntake>('tickets.intake')`. Everything goes through the same intake
 * pipeline, attachment store and timeline as the built-in channels.
 */
export interface TicketsIntake {
  create: (scope: TenantScope, input: NewTicket, ctx: IntakeContext) => Promise<Created>
  /**
   * Stores files through the attachment store (type sniffed, size limited). Files that are
   * refused come back in `rejected` with the reason; nothing of them stays on disk.
   */
  storeFiles: (tenantId: string, files: IncomingFile[]) => Promise<{ stored: StoredUpload[], rejected: Array<{ filename: string, reason: string }> }>
  /** Undo for stored files whose rows were never committed. */
  removeFiles: (files: StoredUpload[]) => Promise<void>
  /** A comment (and its files) on a ticket, in one transaction, with a `commented` timeline entry. */
  addComment: (scope: TenantScope, ticketId: string, comment: ChannelComment) => Promise<{ id: string }>
  find: (scope: TenantScope, id: string) => Promise<Ticket | undefined>
  findByNumber: (scope: TenantScope, number: string) => Promise<Ticket | undefined>
}

export function ticketsIntake(deps: TicketsDeps): TicketsIntake {
  return {
    create: (scope, input, ctx) => createTicket(deps, scope, input, ctx),
    async storeFiles(tenantId, files) {
      const stored: StoredUpload[] = []
      const rejected: Array<{ filename: string, reason: string }> = []
      for (const [i, f] of files.entries()) {
        try {
          const s = await deps.files.save(tenantId, Readable.from([f.content]), `/attachments/${i}`)
          stored.push({ ...s, id: randomUUID(), filename: f.filename, field: `/attachments/${i}` })
        }
        catch (err) {
          if ((err as { statusCode?: number }).statusCode === undefined) {
            await deps.files.remove(stored.map(s => s.storageKey))
            throw err
          }
          rejected.push({ filename: f.filename, reason: (err as Error).message })
        }
      }
      return { stored, rejected }
    },
    removeFiles: files => deps.files.remove(files.map(f => f.storageKey)),
    addComment: (outer, ticketId, c) => withTicketEvents(outer, deps.events).transaction(async (s) => {
      const [row] = await s.insert('ticket_comments', {
        ticket_id: ticketId, visibility: c.visibility, author_kind: c.actor.kind, author_id: c.actor.kind === 'user' ? c.actor.id ?? null : null,
        author_name: c.authorName?.slice(0, 100) ?? null, body: c.body, data: c.data === undefined ? null : JSON.stringify(c.data),
      }).returning('id')
      const files = c.uploads ?? []
      if (files.length) {
        await s.insert('ticket_attachments', files.map(f => ({
          id: f.id, ticket_id: ticketId, filename: f.filename, content_type: f.contentType, size: f.size, sha256: f.sha256, storage_key: f.storageKey, uploaded_via: c.channel,
        })))
      }
      await recordEvent(s, ticketId, 'commented', c.actor, { commentId: row.id, visibility: c.visibility, channel: c.channel, attachmentIds: files.map(f => f.id) }, c.visibility === 'public')
      await s.table('tickets').where({ id: ticketId }).update({ updated_at: new Date() })
      return { id: row.id as string }
    }),
    find: (scope, id) => findTicket(scope, id),
    findByNumber: async (scope, number) => {
      const row = await ticketQuery(scope).where('tickets.number', number).first()
      return row ? toTicket(row) : undefined
    },
  }
}
