import { createHash, randomBytes } from 'node:crypto'
import { notFound, type PublicAccess } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import { TRACKING_STEPS } from '../lifecycle.js'
import { findTicket, type Ticket } from '../model.js'
import { listComments, timeline } from '../query.js'

const hash = (token: string) => createHash('sha256').update(token).digest('hex')

/** 256 random bits, base64url: unguessable, and only its hash is stored. */
export async function issueTrackingToken(scope: TenantScope, ticketId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await scope.insert('ticket_portal_tokens', { token_hash: hash(token), ticket_id: ticketId })
  return token
}

// What each public event may show the customer; everything else in its data is internal.
const PUBLIC_DATA: Record<string, string[]> = {
  created: ['number'],
  status_changed: ['to', 'category'],
  reopened: ['to', 'category'],
  merged_into: ['number'],
  commented: [],
}

/**
 * The ticket a tracking token belongs to (after a merge: the survivor) and its tenant's scope.
 * Any token — malformed, guessed, another tenant's number, a tenant that switched tickets off —
 * costs one hash and one indexed lookup and gets the same 404.
 */
export async function ticketForToken(access: PublicAccess, token: string): Promise<{ scope: TenantScope, ticket: Ticket, mergedFrom: string | null }> {
  const row = await access.lookup('ticket_portal_tokens', { token_hash: hash(token) })
  if (!row) throw notFound('tracking link')
  const { scope } = await access.tenantById(row.tenant_id).catch(() => { throw notFound('tracking link') })
  let ticket = (await findTicket(scope, row.ticket_id))!
  const mergedFrom = ticket.mergedIntoId ? ticket.number : null
  for (let hops = 0; ticket.mergedIntoId && hops < 16; hops++) ticket = (await findTicket(scope, ticket.mergedIntoId))!
  return { scope, ticket, mergedFrom }
}

/**
 * The resolution due time the SLA plugin mirrors onto the ticket (`tickets.sla`), while that
 * target still runs: what the customer sees as the expected resolution.
 */
async function resolutionEta(scope: TenantScope, ticketId: string): Promise<string | null> {
  const row = await scope.table('tickets').where({ id: ticketId }).first('sla')
  const target = row?.sla?.targets?.resolution as { dueAt?: string, status?: string } | undefined
  return target?.dueAt && target.status === 'running' ? target.dueAt : null
}

/** The tracking page: status steps, ETA, public comments and public events of the token's ticket. */
export async function trackingView(access: PublicAccess, token: string) {
  const { scope, ticket, mergedFrom } = await ticketForToken(access, token)
  const [statuses, type, events, comments, eta] = await Promise.all([
    scope.table('ticket_statuses').orderBy('position').select('key', 'name', 'category'),
    ticket.typeId ? scope.table('ticket_types').where({ id: ticket.typeId }).first('key', 'name') : undefined,
    timeline(scope, ticket.id, true),
    listComments(scope, ticket.id, true),
    ticket.statusCategory === 'resolved' || ticket.statusCategory === 'closed' ? null : resolutionEta(scope, ticket.id),
  ])
  const names = new Map(statuses.map((s: { key: string, name: unknown }) => [s.key, s.name]))
  return {
    number: ticket.number,
    mergedFrom,
    title: ticket.title,
    type: type ? { key: type.key, name: type.name } : null,
    status: { key: ticket.status, name: names.get(ticket.status) ?? null, category: ticket.statusCategory },
    steps: steps(ticket, events, statuses),
    eta,
    comments: comments.map((c: Awaited<ReturnType<typeof listComments>>[number]) => ({ body: c.body, from: c.author.kind === 'customer' ? 'customer' : 'staff', at: c.createdAt })),
    events: events.map((e: Awaited<ReturnType<typeof timeline>>[number]) => ({
      kind: e.kind,
      at: e.at,
      data: Object.fromEntries((PUBLIC_DATA[e.kind] ?? []).filter(k => k in e.data).map(k => [k, k === 'to' ? names.get(e.data.to as string) ?? e.data.to : e.data[k]])),
    })),
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
  }
}

function steps(t: Ticket, events: Array<{ kind: string, at: string, data: Record<string, unknown> }>, statuses: Array<{ category: string, name: unknown }>) {
  // Pending is a pause inside "being handled": the customer sees it as the open step.
  const current = TRACKING_STEPS.indexOf(t.statusCategory === 'pending' ? 'open' : t.statusCategory)
  const firstOpen = events.find(e => e.data.category === 'open' || e.data.category === 'pending')?.at ?? null
  const at = { new: t.createdAt, open: firstOpen, resolved: t.resolvedAt, closed: t.closedAt }
  return TRACKING_STEPS.map((category, i) => ({
    category,
    name: statuses.find(s => s.category === category)?.name ?? null,
    reached: i <= current,
    at: i <= current ? at[category as keyof typeof at] : null,
  }))
}
