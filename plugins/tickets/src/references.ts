import { resolveTemplate, type TemplateSchema } from '@scrm/forms'
import { badRequest } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { TicketsDeps } from './deps.js'

const invalid = (field: string, message: string) => badRequest(`invalid body: ${field} ${message}`, [{ in: 'body', field, message }])

export interface References {
  /** The explicitly named customer (after merges). */
  customerId?: string
  /** The asset's owner: the customer when nobody else is named. */
  assetOwnerId?: string
  /** Files to attach to the new ticket: from attachment fields and `attachmentIds`. */
  attachmentIds: string[]
}

/**
 * Ids in a request must name rows of the caller's tenant: customers, assets, uploaded files not yet
 * attached. Checked before the transaction so a bad id is a 400 naming its field, not a half-made ticket.
 */
export async function checkReferences(
  deps: TicketsDeps,
  scope: TenantScope,
  schema: TemplateSchema | undefined,
  values: Record<string, unknown>,
  input: { customerId?: string, assetId?: string, attachmentIds?: string[], region?: string, /** files of this ticket count as available */ ticketId?: string, /** ids of files arriving with this request */ pending?: Set<string> },
): Promise<References> {
  const out: References = { attachmentIds: [] }
  if (input.customerId) {
    const c = await deps.customers.get(scope, input.customerId, { follow: true })
    if (!c) throw invalid('/customerId', 'is not a customer')
    out.customerId = c.id
  }
  if (input.assetId) {
    const a = await deps.customers.assetWithOwner(scope, input.assetId)
    if (!a) throw invalid('/assetId', 'is not an asset')
    out.assetOwnerId = a.customer?.id
  }
  const files = new Map<string, string>((input.attachmentIds ?? []).map((id, i) => [id, `/attachmentIds/${i}`]))
  for (const f of schema ? resolveTemplate(schema, input.region).fields : []) {
    const v = values[f.key]
    if (v === undefined) continue
    if (f.type === 'customerRef' && !await deps.customers.get(scope, v as string)) throw invalid(`/fields/${f.key}`, 'is not a customer')
    if (f.type === 'assetRef' && !await deps.customers.assetWithOwner(scope, v as string)) throw invalid(`/fields/${f.key}`, 'is not an asset')
    if (f.type === 'attachment') (v as string[]).forEach((id, i) => { if (!input.pending?.has(id)) files.set(id, `/fields/${f.key}/${i}`) })
  }
  if (files.size) {
    const found = new Set((await scope.table('ticket_attachments').whereIn('id', [...files.keys()]).where(q => input.ticketId ? q.whereNull('ticket_id').orWhere('ticket_id', input.ticketId) : q.whereNull('ticket_id')).select('id')).map((r: { id: string }) => r.id))
    for (const [id, field] of files) {
      if (!found.has(id)) throw invalid(field, 'is not an uploaded file waiting to be attached')
    }
    out.attachmentIds = [...files.keys()]
  }
  return out
}
