import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import type { Engine } from './engine.js'
import type { TimerRow } from './types.js'

/**
 * Plugin-owned timer kinds (the SLA plugin's deadlines): rows of the same `timers` table with no
 * flow instance (`instance_id` null), claimed by the same worker (SKIP LOCKED + lease) and fired
 * by the handler registered for their kind with `engine.registerTimerKind`. The handler runs in
 * the transaction that marks the row fired, with the row locked: its effects happen exactly once,
 * even when two workers hold the same row (an expired lease).
 */
export interface PluginTimerContext {
  trx: Knex.Transaction
  tenantId: string
  /** The engine clock's time of this step. */
  now: Date
  timer: TimerRow
  /** Schedules another plugin timer in this transaction (the worker wakes for it after commit). */
  schedule: (timer: NewPluginTimer) => Promise<string>
}

export type PluginTimerHandler = (ctx: PluginTimerContext) => Promise<void>

export interface NewPluginTimer {
  kind: string
  dueAt: Date
  payload?: Record<string, unknown>
}

/** Inserts a plugin timer in the caller's transaction; returns its id (to cancel it later). */
export async function schedulePluginTimer(db: Knex, tenantId: string, timer: NewPluginTimer): Promise<string> {
  const id = randomUUID()
  await db('timers').insert({
    tenant_id: tenantId, id, instance_id: null, token_id: null, node_id: null, kind: timer.kind,
    due_at: timer.dueAt, payload: JSON.stringify(timer.payload ?? {}),
  })
  return id
}

/**
 * Cancels pending plugin timers by id. A row a worker is firing right now is skipped rather than
 * waited for (its handler may be waiting for a row the caller holds): handlers must check that
 * the timer is still the one they want, and do nothing for a stale one.
 */
export async function cancelPluginTimers(db: Knex, tenantId: string, ids: string[], now: Date): Promise<number> {
  if (!ids.length) return 0
  const free = db('timers').select('id').where({ tenant_id: tenantId }).whereIn('id', ids).whereNull('instance_id')
    .whereNull('fired_at').whereNull('cancelled_at').forUpdate().skipLocked()
  return db('timers').where({ tenant_id: tenantId }).whereIn('id', free).update({ cancelled_at: now })
}

/** Fires one claimed plugin timer (called by `fireTimer` for rows without an instance). */
export async function firePluginTimer(engine: Engine, db: Knex, timer: Pick<TimerRow, 'tenant_id' | 'id'>): Promise<boolean> {
  return engine.transact(db, timer.tenant_id, async (run) => {
    const { trx, tenantId, now } = run
    // Checked and marked in one statement: a second firing waits for this row's lock, then finds
    // it fired and does nothing; a rollback (the handler failed) leaves it due again.
    const [row] = await trx('timers').where({ tenant_id: tenantId, id: timer.id }).whereNull('fired_at').whereNull('cancelled_at')
      .update({ fired_at: now }).returning('*') as TimerRow[]
    if (!row) return false
    const handler = engine.timerKind(row.kind)
    // Thrown, not swallowed: the lease runs out and it is tried again once the plugin is back.
    if (!handler) throw new Error(`no handler registered for timer kind "${row.kind}"`)
    await handler({
      trx, tenantId, now, timer: row,
      async schedule(next) {
        const id = await schedulePluginTimer(trx, tenantId, next)
        if (!run.earliestTimer || next.dueAt < run.earliestTimer) run.earliestTimer = next.dueAt
        return id
      },
    })
    // Plugin timers mostly exist to send something: let the outbox worker look now.
    run.outboxQueued = true
    return true
  })
}
