import { randomUUID } from 'node:crypto'
import { validateValues } from '@scrm/forms'
import { badRequest, HttpError } from '@scrm/kernel'
import type { IntakeIdentity } from '@scrm/plugin-customers'
import type { TenantScope } from '@scrm/store'
import type { ReceivedFile } from './attachments/upload.js'
import type { TicketsDeps } from './deps.js'
import { withTicketEvents } from './events.js'
import { cached } from './cache.js'
import { claim, type Idempotency, previousTicket, settle } from './idempotency.js'
import type { Priority } from './lifecycle.js'
import { type Actor, currentTicket, findTicket, recordEvent, remember, type Ticket, toTicket } from './model.js'
import { nextNumber } from './numbering.js'
import { checkReferences } from './references.js'
import { searchText } from './search.js'
import { getVersion } from './templates.js'

export interface NewTicket {
  typeKey: string
  title?: string
  description?: string
  fields?: Record<string, unknown>
  region?: string
  priority?: Priority
  customer?: IntakeIdentity
  customerId?: string
  assetId?: string
  attachmentIds?: string[]
  /** Files received with the request (portal photos), stored with the ticket under these ids. */
  uploads?: Array<ReceivedFile & { id: string }>
}

export interface IntakeContext {
  channel: string
  actor: Actor
  idempotency?: Idempotency
  /** A first comment written with the ticket (a chat transcript). */
  comment?: { body: string, data?: unknown, visibility: 'internal' | 'public', authorName?: string }
  /** Extra rows written in the same transaction (the portal's tracking token). */
  also?: (scope: TenantScope, ticket: Ticket) => Promise<void>
}

export interface Created {
  ticket: Ticket
  /** True when an earlier request with the same Idempotency-Key made it. */
  replayed: boolean
}

const invalid = (field: string, message: string, extra: Record<string, unknown> = {}) =>
  badRequest(`invalid body: ${field} ${message}`, [{ in: 'body', field, message, ...extra }])

/** Identity errors of the customers service name `phone`; the request named `/customer/phone`. */
function underCustomer(err: unknown): unknown {
  if (!(err instanceof HttpError) || err.statusCode !== 400 || !Array.isArray(err.details)) return err
  const details = err.details.map((d: { field?: string }) => ({ ...d, field: `/customer/${String(d.field ?? '').replace(/^\//, '')}` }))
  return badRequest(`invalid body: ${details[0].field} ${err.message}`, details)
}

async function resolveType(scope: TenantScope, key: string) {
  const type = await cached(scope.tenantId, `type:${key}`, () => scope.table('ticket_types as tt')
    .leftJoin('ticket_templates as tpl', function () { this.on('tpl.tenant_id', 'tt.tenant_id').andOn('tpl.id', 'tt.template_id') })
    .leftJoin('ticket_template_versions as v', function () {
      this.on('v.tenant_id', 'tt.tenant_id').andOn('v.template_id', 'tt.template_id').andOn('v.version', 'tpl.current_version')
    })
    .where({ 'tt.key': key, 'tt.active': true })
    .first('tt.id', 'tt.key', 'tt.flow_key', 'tt.default_priority', 'v.id as version_id'))
  if (!type) throw invalid('/typeKey', `is not an active ticket type: ${key}`)
  return type as { id: string, key: string, flow_key: string | null, default_priority: Priority, version_id: string | null }
}

/**
 * The intake pipeline every channel uses: validate against the type's current template version,
 * match the customer, link their open opportunities and the asset, number the ticket, record
 * the channel, start the type's flow — all in one transaction, so a failure leaves nothing behind.
 */
export async function createTicket(deps: TicketsDeps, outer: TenantScope, input: NewTicket, ctx: IntakeContext): Promise<Created> {
  // Every channel (API, chat, portal, imports) comes through here: listeners hear `created`.
  const scope = withTicketEvents(outer, deps.events)
  if (ctx.idempotency) {
    const earlier = await previousTicket(scope, ctx.idempotency)
    if (earlier) return { ticket: (await findTicket(scope, earlier))!, replayed: true }
  }
  const type = await resolveType(scope, input.typeKey)
  const version = type.version_id ? await getVersion(scope, type.version_id) : undefined
  const raw = input.fields ?? {}
  if (!version && Object.keys(raw).length) throw invalid(`/fields/${Object.keys(raw)[0]}`, 'is not a field: this ticket type has no template')
  const checked = version ? validateValues(version.schema, raw, { region: input.region }) : { ok: true, values: {}, errors: [] }
  if (!checked.ok) {
    const e = checked.errors[0]
    throw badRequest(`invalid body: /fields/${e.field} ${e.message['en-US']}`, checked.errors.map(x => ({ in: 'body', field: `/fields/${x.field}`, code: x.code, message: x.message })))
  }
  const title = input.title?.trim()
  if (!title) throw invalid('/title', 'is required')
  const refs = await checkReferences(deps, scope, version?.schema, checked.values, { ...input, pending: new Set(input.uploads?.map(u => u.id)) })
  const number = await nextNumber(scope)

  return scope.transaction(async (s): Promise<Created> => {
    if (ctx.idempotency) {
      const c = await claim(s, ctx.idempotency)
      if (!c.claimed) return { ticket: (await findTicket(s, c.ticketId))!, replayed: true }
    }
    let customerId = refs.customerId
    let isNew = false
    if (!customerId && input.customer) {
      try { ({ customer: { id: customerId }, created: isNew } = await deps.customers.matchOrCreate(s, { ...input.customer, source: ctx.channel })) }
      catch (err) { throw underCustomer(err) }
    }
    customerId ??= refs.assetOwnerId
    // A customer created just now has no opportunities yet.
    const opportunityIds = customerId && !isNew ? (await deps.customers.openOpportunities(s, customerId)).map(o => o.id) : []
    const id = randomUUID()
    const fields = checked.values
    const description = input.description?.trim() ?? ''
    const [row] = await s.insert('tickets', {
      id, number, title, description, type_id: type.id, template_version_id: version?.id ?? null, region: input.region ?? null,
      fields: JSON.stringify(fields), status: 'new', status_category: 'new', priority: input.priority ?? type.default_priority,
      channel: ctx.channel, customer_id: customerId ?? null, asset_id: input.assetId ?? null, opportunity_ids: opportunityIds,
      search_text: searchText(number, title, description, fields), created_by: ctx.actor.kind === 'user' ? ctx.actor.id : null,
    }).returning('*')
    if (input.uploads?.length) {
      await s.insert('ticket_attachments', input.uploads.map(f => ({
        id: f.id, ticket_id: id, filename: f.filename, content_type: f.contentType, size: f.size, sha256: f.sha256, storage_key: f.storageKey, uploaded_via: ctx.channel,
      })))
    }
    if (refs.attachmentIds.length) {
      const n = await s.table('ticket_attachments').whereIn('id', refs.attachmentIds).whereNull('ticket_id').update({ ticket_id: id })
      if (n !== refs.attachmentIds.length) throw invalid('/attachmentIds', 'contains a file already attached elsewhere')
    }
    if (ctx.comment) {
      await s.insert('ticket_comments', {
        ticket_id: id, visibility: ctx.comment.visibility, author_kind: ctx.actor.kind, author_id: ctx.actor.kind === 'user' ? ctx.actor.id : null,
        author_name: ctx.comment.authorName ?? null, body: ctx.comment.body, data: ctx.comment.data === undefined ? null : JSON.stringify(ctx.comment.data),
      })
    }
    await recordEvent(s, id, 'created', ctx.actor, { number, channel: ctx.channel, customerId: customerId ?? null, opportunityIds }, true)
    const inserted = remember(s, toTicket({ ...row, type_key: type.key }))
    await ctx.also?.(s, inserted)
    if (type.flow_key) await deps.flow.start(s, inserted, type.flow_key, ctx.actor)
    if (ctx.idempotency) await settle(s, ctx.idempotency, id)
    // What the flow's first steps made of it; read back when `tickets.events` listeners (SLA) may have written too.
    return { ticket: (deps.events.active ? await findTicket(s, id) : await currentTicket(s, id))!, replayed: false }
  })
}
