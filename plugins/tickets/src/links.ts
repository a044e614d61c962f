import { badRequest, conflict, notFound } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import { type Actor, isUuid, recordEvent } from './model.js'

/** As the API names them, seen from the ticket in the URL. */
export type LinkKind = 'parent' | 'child' | 'related' | 'duplicate' | 'duplicated_by'
type Stored = 'parent' | 'related' | 'duplicate'

/** Stored form: `parent` (from is the parent of to), `duplicate` (from duplicates to), `related` with the smaller id first so it is stored once. */
export function linkRow(from: string, to: string, kind: Stored, createdBy: string | null = null) {
  if (kind === 'related' && from > to) [from, to] = [to, from]
  return { from_id: from, to_id: to, kind, created_by: createdBy }
}

function stored(id: string, other: string, kind: LinkKind): { from: string, to: string, kind: Stored } {
  switch (kind) {
    case 'parent': return { from: other, to: id, kind: 'parent' } // "other is my parent"
    case 'child': return { from: id, to: other, kind: 'parent' }
    case 'duplicate': return { from: id, to: other, kind: 'duplicate' }
    case 'duplicated_by': return { from: other, to: id, kind: 'duplicate' }
    case 'related': return { from: id, to: other, kind: 'related' }
  }
}

/** Would making `parent` the parent of `child` close a loop? Walks up from `parent`. */
async function isAncestor(s: TenantScope, candidate: string, of: string): Promise<boolean> {
  let frontier = [of]
  for (let depth = 0; frontier.length && depth < 100; depth++) {
    if (frontier.includes(candidate)) return true
    frontier = (await s.table('ticket_links').where({ kind: 'parent' }).whereIn('to_id', frontier).select('from_id')).map((r: { from_id: string }) => r.from_id)
  }
  return false
}

export async function addLink(scope: TenantScope, id: string, kind: LinkKind, otherId: string, actor: Actor) {
  if (id === otherId) throw badRequest('a ticket cannot link to itself', [{ in: 'body', field: '/ticketId', message: 'must be another ticket' }])
  return scope.transaction(async (s) => {
    const found = isUuid(id) && isUuid(otherId) ? await s.table('tickets').whereIn('id', [id, otherId]).select('id', 'number') : []
    const self = found.find((t: { id: string }) => t.id === id)
    const other = found.find((t: { id: string }) => t.id === otherId)
    if (!self) throw notFound('ticket')
    if (!other) throw badRequest('invalid body: /ticketId is not a ticket', [{ in: 'body', field: '/ticketId', message: 'is not a ticket' }])
    const l = stored(id, otherId, kind)
    if (l.kind === 'parent' && await isAncestor(s, l.to, l.from)) throw conflict('the link would make a ticket its own ancestor')
    const row = linkRow(l.from, l.to, l.kind, actor.id ?? null)
    const [created] = await s.insert('ticket_links', row).onConflict(['tenant_id', 'from_id', 'to_id', 'kind']).ignore().returning('id')
    if (!created) throw conflict('the tickets are already linked this way')
    await recordEvent(s, id, 'linked', actor, { kind, ticketId: otherId, number: other.number })
    await recordEvent(s, otherId, 'linked', actor, { kind: mirror(kind), ticketId: id, number: self.number })
    return { id: created.id as string, kind, ticketId: otherId }
  })
}

const mirror = (k: LinkKind): LinkKind => ({ parent: 'child', child: 'parent', duplicate: 'duplicated_by', duplicated_by: 'duplicate', related: 'related' } as const)[k]

/** A ticket's links, each with the other ticket and the kind as seen from this one. */
export async function listLinks(scope: TenantScope, id: string) {
  const rows = await scope.table('ticket_links as l')
    .join('tickets as t', function () {
      this.on('t.tenant_id', 'l.tenant_id').andOn(scope.db.raw('t.id = case when l.from_id = ? then l.to_id else l.from_id end', [id]))
    })
    .where(q => q.where('l.from_id', id).orWhere('l.to_id', id))
    .select('l.id', 'l.kind', 'l.from_id', 't.id as ticket_id', 't.number', 't.title', 't.status', 'l.created_at')
    .orderBy('l.created_at')
  return rows.map((r: Record<string, any>) => {
    const outgoing = r.from_id === id
    const kind: LinkKind = r.kind === 'related' ? 'related' : r.kind === 'parent' ? (outgoing ? 'child' : 'parent') : (outgoing ? 'duplicate' : 'duplicated_by')
    return { id: r.id as string, kind, ticket: { id: r.ticket_id as string, number: r.number as string, title: r.title as string, status: r.status as string } }
  })
}

export async function removeLink(scope: TenantScope, id: string, linkId: string, actor: Actor): Promise<void> {
  await scope.transaction(async (s) => {
    const link = isUuid(linkId) ? await s.table('ticket_links').where({ id: linkId }).where(q => q.where('from_id', id).orWhere('to_id', id)).first() : undefined
    if (!link) throw notFound('link')
    await s.table('ticket_links').where({ id: linkId }).del()
    const other = link.from_id === id ? link.to_id : link.from_id
    await recordEvent(s, id, 'unlinked', actor, { ticketId: other })
    await recordEvent(s, other, 'unlinked', actor, { ticketId: id })
  })
}
