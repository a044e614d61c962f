import type { TenantScope } from '@scrm/store'
import { emitTicketEvent, listening } from './events.js'
import type { Category, Priority } from './lifecycle.js'

/** API shape of a ticket: camelCase, ISO timestamps. */
export interface Ticket {
  id: string
  number: string
  title: string
  description: string
  typeId: string | null
  typeKey: string | null
  templateVersionId: string | null
  region: string | null
  fields: Record<string, unknown>
  status: string
  statusCategory: Category
  priority: Priority
  assigneeId: string | null
  team: string | null
  channel: string
  customerId: string | null
  assetId: string | null
  opportunityIds: string[]
  flowInstanceId: string | null
  mergedIntoId: string | null
  version: number
  slaState: string | null
  createdBy: string | null
  createdAt: string
  updatedAt: string
  resolvedAt: string | null
  closedAt: string | null
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null)

export function toTicket(r: Record<string, any>): Ticket {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    description: r.description,
    typeId: r.type_id ?? null,
    typeKey: r.type_key ?? null,
    templateVersionId: r.template_version_id ?? null,
    region: r.region ?? null,
    fields: r.fields ?? {},
    status: r.status,
    statusCategory: r.status_category,
    priority: r.priority,
    assigneeId: r.assignee_id ?? null,
    team: r.team ?? null,
    channel: r.channel,
    customerId: r.customer_id ?? null,
    assetId: r.asset_id ?? null,
    opportunityIds: r.opportunity_ids ?? [],
    flowInstanceId: r.flow_instance_id ?? null,
    mergedIntoId: r.merged_into_id ?? null,
    version: r.version,
    slaState: r.sla_state ?? null,
    createdBy: r.created_by ?? null,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    resolvedAt: iso(r.resolved_at),
    closedAt: iso(r.closed_at),
  }
}

/** Tickets with their type key, confined to the scope's tenant. */
export function ticketQuery(scope: TenantScope) {
  return scope.table('tickets')
    .leftJoin('ticket_types as tt', function () {
      this.on('tt.tenant_id', 'tickets.tenant_id').andOn('tt.id', 'tickets.type_id')
    })
    .select('tickets.*', 'tt.key as type_key')
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID_RE.test(s)

export async function findTicket(scope: TenantScope, id: string): Promise<Ticket | undefined> {
  if (!isUuid(id)) return undefined
  const row = await ticketQuery(scope).where('tickets.id', id).first()
  return row ? toTicket(row) : undefined
}

export interface Actor {
  kind: 'user' | 'customer' | 'system' | 'flow'
  id?: string | null
  /** Shown when there is no user (a portal customer's name, 'timer' …). */
  name?: string
}

export interface TimelineEvent {
  kind: string
  data: Record<string, unknown>
  public?: boolean
}

/**
 * Appends to a ticket's timeline (in the caller's transaction), several entries in one statement,
 * and tells `tickets.events` listeners.
 */
export async function recordEvents(scope: TenantScope, ticketId: string, actor: Actor, events: TimelineEvent[]): Promise<void> {
  if (!events.length) return
  await scope.insert('ticket_events', events.map(e => ({
    ticket_id: ticketId,
    kind: e.kind,
    actor_kind: actor.kind,
    actor_id: actor.id ?? null,
    data: JSON.stringify(actor.name ? { ...e.data, actorName: actor.name } : e.data),
    public: e.public ?? false,
  })))
  for (const e of events) await emitTicketEvent(scope, { ticketId, kind: e.kind, actor, data: e.data, public: e.public ?? false })
}

export async function recordEvent(scope: TenantScope, ticketId: string, kind: string, actor: Actor, data: Record<string, unknown> = {}, isPublic = false): Promise<void> {
  await recordEvents(scope, ticketId, actor, [{ kind, data, public: isPublic }])
}

// The latest state of a ticket written in a transaction, so the flow started in that same
// transaction reads it without a query. Keyed by the transaction object: gone when it is.
const written = new WeakMap<object, Ticket>()

export function remember(scope: TenantScope, ticket: Ticket): Ticket {
  if (scope.db.isTransaction) written.set(scope.db, ticket)
  return ticket
}

/**
 * The ticket as this transaction last wrote it — a row it wrote is also a row it has locked — or
 * undefined. Not trusted while `tickets.events` listeners (which may write too) are attached.
 */
export function writtenTicket(scope: TenantScope, id: string): Ticket | undefined {
  const known = written.get(scope.db)
  return known?.id === id && !listening(scope) ? known : undefined
}

/** The ticket as this transaction last wrote it, else from the database. */
export async function currentTicket(scope: TenantScope, id: string): Promise<Ticket | undefined> {
  return writtenTicket(scope, id) ?? findTicket(scope, id)
}

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, m => `\\${m}`)

/**
 * JSON with object keys sorted: equal for equal data whatever the key order (clients differ, and
 * jsonb hands keys back in its own order).
 */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.keys(value).sort().map(k => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`
  return JSON.stringify(value) ?? 'null'
}
