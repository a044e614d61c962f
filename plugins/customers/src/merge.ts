import { badRequest, conflict, HttpError, notFound } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import { type Customer, isUuid, q, toCustomer } from './model.js'

/** Lets other plugins move their own rows (tickets …) inside the merge transaction. */
export type MergeHook = (scope: TenantScope, fromId: string, toId: string) => Promise<void> | void

export interface MergeResult {
  /** The customer that remains: `intoId`, or the customer it was itself merged into. */
  survivor: Customer
  mergedId: string
  /** True when `fromId` had already been merged into the same survivor: nothing changed. */
  alreadyMerged: boolean
  moved: { identities: number, contacts: number, opportunities: number, assets: number, customers: number }
}

const NOTHING = { identities: 0, contacts: 0, opportunities: 0, assets: 0, customers: 0 }

async function lockCustomer(scope: TenantScope, id: string) {
  return q.customers(scope).where({ id }).forUpdate().first()
}

/** Follows merged_into_id from a locked row, locking each hop, to the surviving row. */
async function lockSurvivor(scope: TenantScope, row: any): Promise<any> {
  for (let hops = 0; row?.merged_into_id && hops < 32; hops++) row = await lockCustomer(scope, row.merged_into_id)
  return row
}

/**
 * Merges duplicate `fromId` into `intoId` in one transaction: identities, contacts, opportunities
 * and assets move, customers merged into `fromId` earlier now point at the survivor (chains stay
 * one hop long), tags are united, empty tier/region/owner are filled, hooks run, audit is written.
 */
export async function mergeCustomers(
  scope: TenantScope,
  fromId: string,
  intoId: string,
  options: { actorId?: string | null, hooks?: readonly MergeHook[] } = {},
): Promise<MergeResult> {
  if (!isUuid(fromId)) throw notFound('customer')
  if (!isUuid(intoId)) throw badRequest('intoId must be a customer id', [{ field: '/intoId', message: 'must be a uuid' }])
  if (fromId === intoId) throw badRequest('a customer cannot be merged into itself', [{ field: '/intoId', message: 'must differ from the merged customer' }])
  return scope.transaction(async (s) => {
    // Lock in id order so two opposite merges running at once cannot deadlock.
    const rows = await q.customers(s).whereIn('id', [fromId, intoId]).orderBy('id').forUpdate()
    const from = rows.find(r => r.id === fromId)
    const into = rows.find(r => r.id === intoId)
    if (!from) throw notFound('customer')
    if (!into) throw new HttpError(404, 'customer to merge into not found', [{ field: '/intoId', message: 'no such customer' }])
    const survivor = await lockSurvivor(s, into)
    if (survivor.id === from.id)
      throw badRequest(`customer ${intoId} was merged into this customer: merging would merge it into itself`, [{ field: '/intoId', message: 'resolves to the merged customer itself' }])
    if (from.merged_into_id) {
      const fromRoot = await lockSurvivor(s, from)
      if (fromRoot.id === survivor.id) return { survivor: toCustomer(survivor), mergedId: from.id, alreadyMerged: true, moved: NOTHING }
      throw conflict(`customer was already merged into ${fromRoot.id}`, [{ field: '/intoId', message: 'the merged customer already has another survivor', survivorId: fromRoot.id }])
    }

    const move = (table: 'identities' | 'contacts' | 'opportunities' | 'assets') =>
      q[table](s).clearSelect().where({ customer_id: from.id }).update({ customer_id: survivor.id }) as unknown as Promise<number>
    const moved = {
      identities: await move('identities'),
      contacts: await move('contacts'),
      opportunities: await move('opportunities'),
      assets: await move('assets'),
      customers: await q.customers(s).where({ merged_into_id: from.id }).update({ merged_into_id: survivor.id }) as unknown as number,
    }
    const now = new Date()
    const tags = [...new Set([...(survivor.tags ?? []), ...(from.tags ?? [])])]
    const [updated] = await q.customers(s).where({ id: survivor.id }).update({
      tags,
      tier: survivor.tier ?? from.tier,
      region: survivor.region ?? from.region,
      owner_id: survivor.owner_id ?? from.owner_id,
      updated_at: now,
    }).returning('*')
    await q.customers(s).where({ id: from.id }).update({ merged_into_id: survivor.id, merged_at: now, updated_at: now })

    for (const hook of options.hooks ?? []) await hook(s, from.id, survivor.id)

    await s.insert('audit_log', {
      actor_id: options.actorId ?? null,
      action: 'customer.merge',
      target: `customer:${from.id}`,
      details: JSON.stringify({ intoId: survivor.id, requestedIntoId: intoId, moved }),
    })
    return { survivor: toCustomer(updated), mergedId: from.id, alreadyMerged: false, moved }
  })
}
