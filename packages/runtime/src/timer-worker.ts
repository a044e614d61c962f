import type { Knex } from 'knex'
import type { Engine } from './engine.js'
import { fireTimer, fireTimers } from './operations.js'
import { backoffMs, defaultWorkerId, eachLimited, Poller } from './poller.js'

export { defaultWorkerId }

export interface WorkerOptions {
  engine: Engine
  db: Knex
  /** Unique per process: recorded in `claimed_by`. */
  workerId?: string
  batchSize?: number
  /** A claim older than this is taken over (its process died mid-batch). */
  leaseMs?: number
  pollMs?: number
  /** Transactions in parallel (PGlite has one connection: keep 1 there). */
  concurrency?: number
  /** Timers fired together in one transaction (default 20; 1 = one transaction each). */
  groupSize?: number
  onError?: (err: unknown, what: string) => void
  /** Failed firings of one timer before it is parked (cancelled, with an incident). Default 10. */
  maxAttempts?: number
}


/**
 * Fires due timers. Rows are claimed in batches with FOR UPDATE SKIP LOCKED and a lease, so
 * several processes on one PostgreSQL share the work without ever claiming the same row at
 * once; each timer then fires in its own step transaction that marks it fired (exactly once).
 * After a restart everything overdue is simply due: it fires on the first poll.
 */
export class TimerWorker {
  readonly workerId: string
  private readonly poller: Poller
  private readonly batchSize: number
  private readonly leaseMs: number
  private readonly concurrency: number

  constructor(private readonly options: WorkerOptions) {
    this.workerId = options.workerId ?? defaultWorkerId()
    this.batchSize = options.batchSize ?? 200
    this.leaseMs = options.leaseMs ?? 30_000
    this.concurrency = options.concurrency ?? 1
    this.poller = new Poller(async () => (await this.runOnce()) >= this.batchSize, options.pollMs ?? 500, err => options.onError?.(err, 'timer poll'))
  }

  start(): void { this.poller.start() }
  stop(): Promise<void> { return this.poller.stop() }

  /** A step created a timer due at `at`: poll by then instead of at the next interval. */
  wake(at: Date): void {
    this.poller.wake(at.getTime() - this.options.engine.clock.now().getTime())
  }

  async claim(): Promise<Array<{ tenant_id: string, id: string, instance_id: string | null, due_at: Date }>> {
    const now = this.options.engine.clock.now()
    const lease = new Date(now.getTime() + this.leaseMs)
    const res = await this.options.db.raw(`
      update timers t set claimed_by = ?, lease_until = ?
      from (select tenant_id, id from timers
            where fired_at is null and cancelled_at is null and due_at <= ? and (lease_until is null or lease_until < ?)
            order by due_at limit ? for update skip locked) due
      where t.tenant_id = due.tenant_id and t.id = due.id
      returning t.tenant_id, t.id, t.instance_id, t.due_at`, [this.workerId, lease, now, now, this.batchSize])
    return res.rows
  }

  /** Claims one batch and fires it in groups; returns how many were claimed. */
  async runOnce(): Promise<number> {
    const batch = await this.claim()
    const { engine, db } = this.options
    const size = this.options.groupSize ?? 20
    type InstanceTimer = (typeof batch)[number] & { instance_id: string }
    const groups: InstanceTimer[][] = []
    // Plugin-owned timers (no instance) fire one by one through their kind's handler.
    for (const t of batch) if (!t.instance_id) groups.push([t as InstanceTimer])
    const flows = batch.filter((t): t is InstanceTimer => !!t.instance_id)
    for (const tenant of new Set(flows.map(t => t.tenant_id))) {
      const mine = flows.filter(t => t.tenant_id === tenant)
      for (let k = 0; k < mine.length; k += size) groups.push(mine.slice(k, k + size))
    }
    await eachLimited(groups, this.concurrency, async (group) => {
      try {
        if (group.length === 1) await fireTimer(engine, db, group[0])
        else await fireTimers(engine, db, group)
        return
      }
      catch (err) {
        if (group.length === 1) return this.failed(group[0], err)
      }
      // One bad timer must not hold back the others: fire them one by one.
      for (const timer of group) {
        try { await fireTimer(engine, db, timer) }
        catch (err) { await this.failed(timer, err) }
      }
    })
    return batch.length
  }

  /**
   * A firing failed (its transaction rolled back, so nothing of it happened): try again after a
   * back-off, and after `maxAttempts` park the timer with an incident on its instance's timeline
   * rather than retrying a broken step forever.
   */
  private async failed(timer: { tenant_id: string, id: string, instance_id: string | null }, err: unknown): Promise<void> {
    this.options.onError?.(err, `timer ${timer.id}`)
    const { db, engine } = this.options
    const now = engine.clock.now()
    const message = String((err as Error)?.message ?? err).slice(0, 2000)
    try {
      const [row] = await db('timers').where({ tenant_id: timer.tenant_id, id: timer.id }).whereNull('fired_at')
        .update({ attempts: db.raw('attempts + 1'), last_error: message }).returning(['attempts', 'token_id', 'node_id'])
      if (!row) return
      if (row.attempts < (this.options.maxAttempts ?? 10)) {
        await db('timers').where({ tenant_id: timer.tenant_id, id: timer.id }).update({ lease_until: new Date(now.getTime() + backoffMs(row.attempts)) })
        return
      }
      await db('timers').where({ tenant_id: timer.tenant_id, id: timer.id }).update({ cancelled_at: now })
      if (timer.instance_id) {
        await db('incidents').insert({
          tenant_id: timer.tenant_id, instance_id: timer.instance_id, token_id: row.token_id, node_id: row.node_id,
          code: 'timer_failed', message: `timer failed ${row.attempts} times and was parked: ${message}`, details: JSON.stringify({ timerId: timer.id }), created_at: now,
        })
      }
    }
    catch (e) { this.options.onError?.(e, `recording the failure of timer ${timer.id}`) }
  }

  /** Fires everything due now (tests, after moving a manual clock). */
  async drain(): Promise<number> {
    let total = 0
    for (let n; (n = await this.runOnce()) > 0;) total += n
    return total
  }
}
