import type { Knex } from 'knex'
import { backoffMs, defaultWorkerId, eachLimited, Poller } from './poller.js'
import type { Clock } from './clock.js'

export { backoffMs }

export interface OutboxMessage {
  tenantId: string
  kind: string
  payload: Record<string, unknown>
  /** Stable across retries: receivers de-duplicate on it. */
  idempotencyKey: string
  attempt: number
}

/** Delivers one kind of side effect (`notify`, `webhook` …); throws to be retried. */
export type OutboxHandler = (message: OutboxMessage) => Promise<unknown>

export interface OutboxWorkerOptions {
  db: Knex
  clock: Clock
  handler: (kind: string) => OutboxHandler | undefined
  workerId?: string
  batchSize?: number
  leaseMs?: number
  pollMs?: number
  concurrency?: number
  /** After this many failed attempts a message is parked as 'dead' (visible, no longer retried). */
  maxAttempts?: number
  onError?: (err: unknown, what: string) => void
}


/**
 * Delivers outbox rows at least once: claim with SKIP LOCKED and a lease, send outside any
 * transaction with the row's idempotency key, then record the outcome (or schedule a retry).
 */
export class OutboxWorker {
  readonly workerId: string
  private readonly poller: Poller

  constructor(private readonly options: OutboxWorkerOptions) {
    this.workerId = options.workerId ?? defaultWorkerId()
    this.poller = new Poller(async () => (await this.runOnce()) >= (options.batchSize ?? 50), options.pollMs ?? 1000, err => options.onError?.(err, 'outbox poll'))
  }

  start(): void { this.poller.start() }
  stop(): Promise<void> { return this.poller.stop() }
  wake(): void { this.poller.wake(0) }

  async runOnce(): Promise<number> {
    const { db, clock } = this.options
    const now = clock.now()
    const res = await db.raw(`
      update outbox o set claimed_by = ?, lease_until = ?
      from (select tenant_id, id from outbox
            where status = 'pending' and next_attempt_at <= ? and (lease_until is null or lease_until < ?)
            order by next_attempt_at limit ? for update skip locked) due
      where o.tenant_id = due.tenant_id and o.id = due.id
      returning o.*`, [this.workerId, new Date(now.getTime() + (this.options.leaseMs ?? 60_000)), now, now, this.options.batchSize ?? 50])
    const rows = res.rows as Array<Record<string, any>>
    await eachLimited(rows, this.options.concurrency ?? 4, row => this.deliver(row))
    return rows.length
  }

  async drain(): Promise<number> {
    let total = 0
    for (let n; (n = await this.runOnce()) > 0;) total += n
    return total
  }

  private async deliver(row: Record<string, any>): Promise<void> {
    const { db, clock } = this.options
    const attempts = row.attempts + 1
    const mine = { tenant_id: row.tenant_id, id: row.id, claimed_by: this.workerId }
    try {
      const handler = this.options.handler(row.kind)
      if (!handler) throw new Error(`no outbox handler for kind "${row.kind}"`)
      const result = await handler({ tenantId: row.tenant_id, kind: row.kind, payload: row.payload, idempotencyKey: row.idempotency_key, attempt: attempts })
      await db('outbox').where(mine).update({
        status: 'delivered', delivered_at: clock.now(), attempts, lease_until: null, last_error: null,
        result: JSON.stringify(result ?? null),
      })
    }
    catch (err) {
      // `retryable: false` (a 4xx, a missing notifier) will not get better by trying again.
      const dead = attempts >= (this.options.maxAttempts ?? 10) || (err as { retryable?: boolean })?.retryable === false
      await db('outbox').where(mine).update({
        status: dead ? 'dead' : 'pending', attempts, lease_until: null, last_error: String((err as Error)?.message ?? err).slice(0, 2000),
        next_attempt_at: new Date(clock.now().getTime() + backoffMs(attempts)),
      }).catch(e => this.options.onError?.(e, `outbox ${row.id}`))
      this.options.onError?.(err, `outbox ${row.id} attempt ${attempts}${dead ? ' (dead)' : ''}`)
    }
  }
}
