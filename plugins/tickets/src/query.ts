import { applyRules, resolveTemplate } from '@scrm/forms'
import { notFound } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import { findTicket, type Ticket, ticketQuery, toTicket } from './model.js'
import { type Queue, type QueueViewer, whereQueue } from './queues.js'
import { containsPattern } from './search.js'
import { getVersion } from './templates.js'

export interface TicketFilter {
  status?: string[]
  category?: string[]
  priority?: string[]
  type?: string[]
  assignee?: string
  team?: string
  customer?: string
  channel?: string[]
  createdFrom?: string
  createdTo?: string
  sla?: string[]
  q?: string
  /** One of the workbench queues, relative to `viewer`. */
  queue?: Queue
  viewer?: QueueViewer
  limit?: number
  offset?: number
}

/** Filters combine with AND; list-valued ones match any of their values. Newest first. */
export async function listTickets(scope: TenantScope, f: TicketFilter): Promise<{ items: Ticket[], limit: number, offset: number }> {
  const qb = ticketQuery(scope)
  if (f.status?.length) qb.whereIn('tickets.status', f.status)
  if (f.category?.length) qb.whereIn('tickets.status_category', f.category)
  if (f.priority?.length) qb.whereIn('tickets.priority', f.priority)
  if (f.type?.length) qb.whereIn('tt.key', f.type)
  if (f.assignee === 'none') qb.whereNull('tickets.assignee_id')
  else if (f.assignee) qb.where('tickets.assignee_id', f.assignee)
  if (f.team) qb.where('tickets.team', f.team)
  if (f.customer) qb.where('tickets.customer_id', f.customer)
  if (f.channel?.length) qb.whereIn('tickets.channel', f.channel)
  if (f.createdFrom) qb.where('tickets.created_at', '>=', new Date(f.createdFrom))
  if (f.createdTo) qb.where('tickets.created_at', '<', new Date(f.createdTo))
  if (f.sla?.length) qb.whereIn('tickets.sla_state', f.sla)
  if (f.queue && f.viewer) whereQueue(qb, f.queue, f.viewer)
  if (f.q?.trim()) qb.whereRaw(`tickets.search_text ilike ? escape '\\'`, [containsPattern(f.q)])
  const limit = f.limit ?? 50
  const offset = f.offset ?? 0
  const rows = await qb.orderBy([{ column: 'tickets.created_at', order: 'desc' }, { column: 'tickets.id', order: 'desc' }]).limit(limit).offset(offset)
  return { items: rows.map(toTicket), limit, offset }
}

/**
 * A ticket with the template version it was created with (region variant applied) and the field
 * state under its values: the UI renders old tickets with their old fields.
 */
export async function ticketView(scope: TenantScope, id: string) {
  const ticket = await findTicket(scope, id)
  if (!ticket) throw notFound('ticket')
  const version = ticket.templateVersionId ? await getVersion(scope, ticket.templateVersionId) : undefined
  const region = ticket.region ?? undefined
  const template = version
    ? { id: version.templateId, versionId: version.id, version: version.version, form: resolveTemplate(version.schema, region), state: applyRules(version.schema, ticket.fields, { region }).fields }
    : null
  return { ...ticket, template }
}

/** Events and comments of a ticket in time order; `publicOnly` for the customer's tracking page. */
export async function timeline(scope: TenantScope, ticketId: string, publicOnly = false) {
  const events = scope.table('ticket_events').where({ ticket_id: ticketId })
  if (publicOnly) events.where({ public: true })
  const rows = await events.orderBy('seq').select('id', 'kind', 'actor_kind', 'actor_id', 'data', 'public', 'at')
  return rows.map((r: Record<string, any>) => ({
    id: r.id as string,
    kind: r.kind as string,
    actor: { kind: r.actor_kind as string, id: publicOnly ? null : (r.actor_id ?? null) as string | null },
    data: r.data as Record<string, unknown>,
    public: r.public as boolean,
    at: new Date(r.at).toISOString(),
  }))
}

export async function listComments(scope: TenantScope, ticketId: string, publicOnly = false) {
  const qb = scope.table('ticket_comments').where({ ticket_id: ticketId })
  if (publicOnly) qb.where({ visibility: 'public' })
  const rows = await qb.orderBy([{ column: 'created_at' }, { column: 'id' }])
  return rows.map((r: Record<string, any>) => ({
    id: r.id as string,
    ticketId: r.ticket_id as string,
    visibility: r.visibility as 'internal' | 'public',
    author: { kind: r.author_kind as string, id: publicOnly ? null : (r.author_id ?? null) as string | null, name: (r.author_name ?? null) as string | null },
    body: r.body as string,
    data: publicOnly ? null : (r.data ?? null),
    createdAt: new Date(r.created_at).toISOString(),
  }))
}
