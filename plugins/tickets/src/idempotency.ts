import { createHash } from 'node:crypto'
import { HttpError } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import { canonical } from './model.js'


export function requestHash(route: string, body: unknown): string {
  return createHash('sha256').update(`${route}\n${canonical(body)}`).digest('hex')
}

export interface Idempotency {
  key: string
  hash: string
}

export const keyReused = () => new HttpError(422, 'Idempotency-Key was already used with a different request body', [{ in: 'header', field: 'idempotency-key', message: 'reused with a different body' }])

/** The ticket an earlier request with this key created, if any (a cheap look before doing work). */
export async function previousTicket(scope: TenantScope, idem: Idempotency): Promise<string | undefined> {
  const row = await scope.table('ticket_idempotency_keys').where({ key: idem.key }).first()
  if (!row) return undefined
  if (row.request_hash !== idem.hash) throw keyReused()
  return row.ticket_id ?? undefined
}

/**
 * Claims the key inside the creating transaction. On PostgreSQL a concurrent request with the
 * same key blocks on the unique index until the first commits, then sees its row: exactly one
 * ticket, whatever the timing. Returns the existing ticket id when the key was already used.
 */
export async function claim(scope: TenantScope, idem: Idempotency): Promise<{ claimed: true } | { claimed: false, ticketId: string }> {
  const rows = await scope.insert('ticket_idempotency_keys', { key: idem.key, request_hash: idem.hash })
    .onConflict(['tenant_id', 'key']).ignore().returning('key')
  if (rows.length) return { claimed: true }
  const row = await scope.table('ticket_idempotency_keys').where({ key: idem.key }).first()
  if (row.request_hash !== idem.hash) throw keyReused()
  return { claimed: false, ticketId: row.ticket_id }
}

export async function settle(scope: TenantScope, idem: Idempotency, ticketId: string): Promise<void> {
  await scope.table('ticket_idempotency_keys').where({ key: idem.key }).update({ ticket_id: ticketId })
}
