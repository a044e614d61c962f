import type { Knex } from 'knex'

/** Outbox kind of one delivery-log row to send; payload `{ deliveryId }`. */
export const DELIVERY_KIND = 'notify.delivery'

export interface OutboxEntry {
  tenantId: string
  idempotencyKey: string
  kind: string
  payload: Record<string, unknown>
  /** Not before this instant: quiet hours hold a message by dating its entry 08:00. */
  notBefore: Date
}

/**
 * The small interface the notify plugin needs from an outbox. `tableOutbox` writes the runtime's
 * `outbox` table (packages/runtime migration 003) in the caller's transaction, so a notification
 * exists exactly when the business change that caused it commits.
 */
export interface OutboxWriter {
  enqueue: (db: Knex, entries: OutboxEntry[]) => Promise<void>
}

/** One entry handed back by the outbox worker, on each attempt (the runtime's `OutboxMessage`). */
export interface OutboxJob {
  tenantId: string
  idempotencyKey: string
  kind: string
  payload: Record<string, unknown>
  /** 1 on the first attempt. */
  attempt: number
}

/**
 * What an outbox worker calls for an entry of its kind (the runtime's `OutboxHandler`). Resolves:
 * done. Throws: try again later.
 */
export type OutboxHandler = (job: OutboxJob) => Promise<unknown>

/** Where handlers read the time: the runtime's `Clock`. */
export interface Clock {
  now: () => Date
}

export const tableOutbox: OutboxWriter = {
  async enqueue(db, entries) {
    if (!entries.length) return
    await db('outbox').insert(entries.map(e => ({
      tenant_id: e.tenantId,
      idempotency_key: e.idempotencyKey,
      kind: e.kind,
      payload: JSON.stringify(e.payload),
      next_attempt_at: e.notBefore,
    }))).onConflict(['tenant_id', 'idempotency_key']).ignore()
  },
}

/** For unit tests and tools: entries kept in memory, delivered by calling the handler yourself. */
export function memoryOutbox(): OutboxWriter & { entries: OutboxEntry[] } {
  const entries: OutboxEntry[] = []
  return {
    entries,
    async enqueue(_db, list) {
      for (const e of list) {
        if (!entries.some(x => x.tenantId === e.tenantId && x.idempotencyKey === e.idempotencyKey)) entries.push(e)
      }
    },
  }
}
