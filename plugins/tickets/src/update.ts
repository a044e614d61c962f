import { validateValues } from '@scrm/forms'
import { badRequest, conflict, notFound } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { TicketsDeps } from './deps.js'
import { type Category, canMove, moveKind, type Priority } from './lifecycle.js'
import { type Actor, canonical, isUuid, recordEvents, remember, type Ticket, ticketQuery, toTicket, writtenTicket } from './model.js'
import { checkReferences } from './references.js'
import { searchText } from './search.js'
import { getVersion } from './templates.js'

export interface Change {
  set: Record<string, unknown>
  events: Array<{ kind: string, data: Record<string, unknown>, public?: boolean }>
}

const invalid = (field: string, message: string) => badRequest(`invalid body: ${field} ${message}`, [{ in: 'body', field, message }])

async function lockTicket(s: TenantScope, id: string): Promise<Ticket | undefined> {
  const row = isUuid(id) ? await ticketQuery(s).where('tickets.id', id).forUpdate('tickets').first() : undefined
  return row ? toTicket(row) : undefined
}

/**
 * One change to one ticket: lock it, check the caller's `expectedVersion` (stale → 409 with the
 * current version so the client can reload and retry), apply, bump the version, write the
 * timeline — in one transaction.
 */
export async function mutate(scope: TenantScope, id: string, expectedVersion: number | undefined, actor: Actor, change: (t: Ticket, s: TenantScope) => Promise<Change>): Promise<Ticket> {
  return scope.transaction(async (s) => {
    // A ticket this transaction wrote is already locked and known (a flow started with it);
    // otherwise one query locks the row and reads it with its type key (the join is not locked).
    const current = writtenTicket(s, id) ?? await lockTicket(s, id)
    if (!current) throw notFound('ticket')
    if (expectedVersion !== undefined && expectedVersion !== current.version)
      throw conflict(`ticket was changed by someone else (version ${current.version}, you had ${expectedVersion})`, { currentVersion: current.version, ticket: current })
    if (current.mergedIntoId) throw conflict(`ticket was merged into ${current.mergedIntoId}`, { mergedIntoId: current.mergedIntoId })
    const { set, events } = await change(current, s)
    if (!Object.keys(set).length && !events.length) return current
    const [updated] = await s.table('tickets').where({ id }).update({ ...set, version: current.version + 1, updated_at: new Date() }).returning('*')
    await recordEvents(s, id, actor, events)
    return remember(s, toTicket({ ...updated, type_key: current.typeKey }))
  })
}

export interface TicketPatch {
  title?: string
  description?: string
  priority?: Priority
  /** Merged into the current values; null removes a value. Re-validated against the ticket's own template version. */
  fields?: Record<string, unknown>
  team?: string | null
  customerId?: string | null
  assetId?: string | null
}

export async function updateTicket(deps: TicketsDeps, scope: TenantScope, id: string, patch: TicketPatch, expectedVersion: number, actor: Actor): Promise<Ticket> {
  return mutate(scope, id, expectedVersion, actor, async (t, s) => {
    const set: Record<string, unknown> = {}
    const changed: Record<string, { from: unknown, to: unknown }> = {}
    const note = (key: string, from: unknown, to: unknown) => { if (canonical(from) !== canonical(to)) changed[key] = { from, to } }
    if (patch.title !== undefined) { set.title = patch.title.trim(); note('title', t.title, set.title) }
    if (patch.description !== undefined) { set.description = patch.description.trim(); note('description', t.description, set.description) }
    if (patch.priority !== undefined) { set.priority = patch.priority; note('priority', t.priority, patch.priority) }
    if (patch.team !== undefined) { set.team = patch.team; note('team', t.team, patch.team) }
    let fields = t.fields
    if (patch.fields) {
      const merged: Record<string, unknown> = { ...t.fields }
      for (const [k, v] of Object.entries(patch.fields)) { if (v === null) delete merged[k]; else merged[k] = v }
      const version = t.templateVersionId ? await getVersion(s, t.templateVersionId) : undefined
      if (!version && Object.keys(merged).length) throw invalid(`/fields/${Object.keys(merged)[0]}`, 'is not a field: this ticket has no template')
      const r = version ? validateValues(version.schema, merged, { region: t.region ?? undefined }) : { ok: true, values: {}, errors: [] }
      if (!r.ok) throw badRequest(`invalid body: /fields/${r.errors[0].field} ${r.errors[0].message['en-US']}`, r.errors.map(e => ({ in: 'body', field: `/fields/${e.field}`, code: e.code, message: e.message })))
      const fresh = Object.fromEntries(Object.entries(r.values).filter(([k, v]) => canonical(t.fields[k]) !== canonical(v)))
      const refs = await checkReferences(deps, s, version?.schema, fresh, { region: t.region ?? undefined, ticketId: t.id })
      if (refs.attachmentIds.length) await s.table('ticket_attachments').whereIn('id', refs.attachmentIds).whereNull('ticket_id').update({ ticket_id: t.id })
      fields = r.values
      set.fields = JSON.stringify(fields)
      for (const k of new Set([...Object.keys(t.fields), ...Object.keys(fields)])) note(`fields.${k}`, t.fields[k] ?? null, fields[k] ?? null)
    }
    if (patch.customerId !== undefined) {
      const c = patch.customerId && await deps.customers.get(s, patch.customerId, { follow: true })
      if (patch.customerId && !c) throw invalid('/customerId', 'is not a customer')
      set.customer_id = c ? c.id : null
      set.opportunity_ids = c ? (await deps.customers.openOpportunities(s, c.id)).map(o => o.id) : []
      note('customerId', t.customerId, set.customer_id)
    }
    if (patch.assetId !== undefined) {
      if (patch.assetId && !await deps.customers.assetWithOwner(s, patch.assetId)) throw invalid('/assetId', 'is not an asset')
      set.asset_id = patch.assetId
      note('assetId', t.assetId, patch.assetId)
    }
    if (set.title !== undefined || set.description !== undefined || set.fields !== undefined)
      set.search_text = searchText(t.number, (set.title as string) ?? t.title, (set.description as string) ?? t.description, fields)
    return { set, events: Object.keys(changed).length ? [{ kind: 'updated', data: { changes: changed } }] : [] }
  })
}

/** Assign or transfer: the assignee must be an active staff user of the tenant. */
export async function assignTicket(scope: TenantScope, id: string, to: { assigneeId?: string | null, team?: string | null, reason?: string }, expectedVersion: number | undefined, actor: Actor): Promise<Ticket> {
  return mutate(scope, id, expectedVersion, actor, async (t, s) => {
    const set: Record<string, unknown> = {}
    if (to.assigneeId) {
      const user = await s.table('users').where({ id: to.assigneeId, active: true }).whereIn('role', ['admin', 'supervisor', 'agent']).first('id')
      if (!user) throw invalid('/assigneeId', 'is not an active staff user')
    }
    if (to.assigneeId !== undefined) set.assignee_id = to.assigneeId
    if (to.team !== undefined) set.team = to.team
    const kind = t.assigneeId && to.assigneeId !== undefined && to.assigneeId !== t.assigneeId ? 'transferred' : 'assigned'
    return { set, events: [{ kind, data: { from: { assigneeId: t.assigneeId, team: t.team }, to: { assigneeId: set.assignee_id ?? t.assigneeId, team: set.team ?? t.team }, reason: to.reason ?? null } }] }
  })
}

export async function statusByKey(scope: TenantScope, key: string): Promise<{ key: string, category: Category } | undefined> {
  return scope.table('ticket_statuses').where({ key }).first('key', 'category')
}

/** Status changes follow the category lifecycle (lifecycle.ts); reopening clears resolved/closed times. */
export async function changeStatus(scope: TenantScope, id: string, statusKey: string, expectedVersion: number | undefined, actor: Actor): Promise<Ticket> {
  return mutate(scope, id, expectedVersion, actor, async (t, s) => {
    const next = await statusByKey(s, statusKey)
    if (!next) throw invalid('/status', `is not a status of this tenant: ${statusKey}`)
    if (next.key === t.status) throw conflict(`ticket is already ${statusKey}`, { currentVersion: t.version })
    if (!canMove(t.statusCategory, next.category)) throw conflict(`a ${t.statusCategory} ticket cannot become ${next.category}`, { from: t.status, to: next.key })
    const now = new Date()
    const set: Record<string, unknown> = { status: next.key, status_category: next.category }
    if (next.category === 'resolved') set.resolved_at = now
    if (next.category === 'closed') set.closed_at = now
    if (next.category === 'open' || next.category === 'pending') Object.assign(set, { resolved_at: null, closed_at: null })
    const kind = moveKind(t.statusCategory, next.category)
    return { set, events: [{ kind, data: { from: t.status, to: next.key, category: next.category }, public: true }] }
  })
}
