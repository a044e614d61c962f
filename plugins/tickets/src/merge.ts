import { badRequest, conflict, notFound } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import { linkRow } from './links.js'
import { type Actor, findTicket, isUuid, recordEvent, type Ticket } from './model.js'

/**
 * Merges a duplicate into a survivor: comments, attachments and links move to the survivor, the
 * merged ticket is closed and points at it (its tracking link then shows the survivor). Both
 * rows are locked in id order, so two opposite merges running at once cannot deadlock.
 */
export async function mergeTickets(scope: TenantScope, sourceId: string, targetId: string, actor: Actor, expectedVersion?: number): Promise<{ merged: Ticket, survivor: Ticket }> {
  if (sourceId === targetId) throw badRequest('a ticket cannot be merged into itself', [{ in: 'body', field: '/intoId', message: 'must differ from the merged ticket' }])
  if (!isUuid(targetId)) throw badRequest('invalid body: /intoId must be a ticket id', [{ in: 'body', field: '/intoId', message: 'must be a ticket id' }])
  return scope.transaction(async (s) => {
    const rows = isUuid(sourceId) ? await s.table('tickets').whereIn('id', [sourceId, targetId]).orderBy('id').forUpdate() : []
    const source = rows.find((r: { id: string }) => r.id === sourceId)
    const target = rows.find((r: { id: string }) => r.id === targetId)
    if (!source) throw notFound('ticket')
    if (!target) throw badRequest('invalid body: /intoId is not a ticket', [{ in: 'body', field: '/intoId', message: 'is not a ticket' }])
    if (expectedVersion !== undefined && source.version !== expectedVersion) throw conflict('ticket was changed by someone else', { currentVersion: source.version })
    if (source.merged_into_id) throw conflict(`ticket was already merged into ${source.merged_into_id}`, { mergedIntoId: source.merged_into_id })
    if (target.merged_into_id) throw conflict(`the survivor was itself merged into ${target.merged_into_id}`, { mergedIntoId: target.merged_into_id })

    const moved = {
      comments: await s.table('ticket_comments').where({ ticket_id: sourceId }).update({ ticket_id: targetId }),
      attachments: await s.table('ticket_attachments').where({ ticket_id: sourceId }).update({ ticket_id: targetId }),
      links: await moveLinks(s, sourceId, targetId),
    }
    const closed = await s.table('ticket_statuses').where({ category: 'closed' }).orderBy('position').first('key')
    const now = new Date()
    await s.table('tickets').where({ id: sourceId }).update({
      merged_into_id: targetId, status: closed?.key ?? 'closed', status_category: 'closed', closed_at: now, version: source.version + 1, updated_at: now,
    })
    await s.table('tickets').where({ id: targetId }).update({ version: target.version + 1, updated_at: now })
    await recordEvent(s, sourceId, 'merged_into', actor, { ticketId: targetId, number: target.number, moved }, true)
    await recordEvent(s, targetId, 'merged_from', actor, { ticketId: sourceId, number: source.number, moved })
    return { merged: (await findTicket(s, sourceId))!, survivor: (await findTicket(s, targetId))! }
  })
}

/** Re-points the merged ticket's links at the survivor; a link that would join it to itself or repeat one is dropped. */
async function moveLinks(s: TenantScope, from: string, to: string): Promise<number> {
  const links = await s.table('ticket_links').where(q => q.where('from_id', from).orWhere('to_id', from))
  if (!links.length) return 0
  await s.table('ticket_links').whereIn('id', links.map((l: { id: string }) => l.id)).del()
  const rewritten = links
    .map((l: Record<string, any>) => linkRow(l.from_id === from ? to : l.from_id, l.to_id === from ? to : l.to_id, l.kind, l.created_by))
    .filter((l: { from_id: string, to_id: string }) => l.from_id !== l.to_id)
  if (!rewritten.length) return 0
  const inserted = await s.insert('ticket_links', rewritten).onConflict(['tenant_id', 'from_id', 'to_id', 'kind']).ignore().returning('id')
  return inserted.length
}
