import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import type { DataContext, TaskEvent } from './data-provider.js'
import type { Engine } from './engine.js'
import type { PreparedFlow } from './flow-cache.js'
import type { FlowData, InstanceRow, ResumeEvent, TaskRow, TokenRow } from './types.js'

/** State shared by every instance touched in one transaction (a parent and its subflows). */
export interface StepRun {
  engine: Engine
  trx: Knex.Transaction
  tenantId: string
  now: Date
  /** Instances already loaded (and locked) in this transaction: never load one twice. */
  steps: Map<string, InstanceStep>
  /** Earliest timer created, so the worker can wake up early (after commit). */
  earliestTimer?: Date
  outboxQueued: boolean
}

export interface HistoryEntry {
  key: string
  event: string
  nodeId?: string | null
  tokenId?: string | null
  actor?: string | null
  data?: Record<string, unknown>
}

export type WorkItem =
  | { kind: 'run', tokenId: string }
  /** `nodeId` when not the token's own node: a boundary watching it. `key` names the cause. */
  | { kind: 'resume', tokenId: string, event: ResumeEvent, key: string, nodeId?: string }

const ROWS_PER_INSERT = 500

/**
 * The unit of work of one instance in one step: the locked instance row, its live tokens, and
 * every row the step will write. Node types only queue; the engine sends the writes of all
 * instances of the transaction together (`prepareWrites`, then `afterWrites`).
 */
export class InstanceStep {
  readonly tokens = new Map<string, TokenRow>()
  readonly queue: WorkItem[] = []
  readonly newTasks: TaskRow[] = []
  readonly newTimers: Array<Record<string, unknown>> = []
  readonly outbox: Array<Record<string, unknown>> = []
  readonly incidents: Array<Record<string, unknown>> = []
  /** Tokens loaded from the database that left their node: their open tasks and timers end. */
  readonly leftFromDb = new Set<string>()
  readonly taskEvents: Array<[TaskEvent, TaskRow]> = []
  ticketStatus?: string
  /** Node executions in this step, against runaway loops. */
  executions = 0
  private readonly fresh = new Set<string>()
  private readonly dirty = new Set<string>()
  private readonly history: Array<Record<string, unknown>> = []
  private dataCache?: Omit<FlowData, 'vars'>

  constructor(readonly run: StepRun, readonly instance: InstanceRow, readonly flow: PreparedFlow, readonly isNew: boolean, tokens: TokenRow[] = []) {
    for (const t of tokens) this.tokens.set(t.id, t)
  }

  get dataContext(): DataContext {
    return { tenantId: this.run.tenantId, trx: this.run.trx, instance: this.instance }
  }

  async data(): Promise<FlowData> {
    this.dataCache ??= await this.run.engine.dataProvider().load(this.dataContext)
    return { ...this.dataCache, vars: this.instance.vars }
  }

  forgetData(): void {
    this.dataCache = undefined
  }

  addToken(t: Omit<TokenRow, 'id' | 'instance_id' | 'step' | 'waiting_for' | 'state'> & Partial<TokenRow>): TokenRow {
    const token: TokenRow = { id: randomUUID(), instance_id: this.instance.id, step: 0, waiting_for: null, state: {}, ...t }
    this.tokens.set(token.id, token)
    this.fresh.add(token.id)
    return token
  }

  touch(token: TokenRow): void {
    if (!this.fresh.has(token.id)) this.dirty.add(token.id)
  }

  /** The token leaves its node: what it created there (tasks, timers, boundary timers) ends. */
  leave(token: TokenRow): void {
    for (const task of this.newTasks) {
      if (task.token_id === token.id && task.status === 'open') task.status = 'cancelled'
    }
    for (let i = this.newTimers.length - 1; i >= 0; i--) {
      if (this.newTimers[i].token_id === token.id) this.newTimers.splice(i, 1)
    }
    if (!this.fresh.has(token.id)) this.leftFromDb.add(token.id)
  }

  live(): TokenRow[] {
    return [...this.tokens.values()].filter(t => t.status === 'active' || t.status === 'waiting')
  }

  /** Queues a timeline row; returns its data object so the caller can still add the outcome. */
  log(e: HistoryEntry): Record<string, unknown> {
    const data = e.data ?? {}
    this.history.push({
      tenant_id: this.run.tenantId,
      instance_id: this.instance.id,
      seq: ++this.instance.seq,
      step_key: e.key,
      event: e.event,
      node_id: e.nodeId ?? null,
      token_id: e.tokenId ?? null,
      actor: e.actor ?? null,
      data,
      at: this.run.now,
    })
    return data
  }

  /**
   * The step's writes, not yet sent. The engine sends the writes of every instance of the
   * transaction as ONE statement (data-modifying CTEs), so a step costs one round trip however
   * many nodes it ran; foreign keys are checked at the end of that statement, so a new
   * instance row may come in the same one as its tokens and history.
   */
  async prepareWrites(): Promise<Knex.QueryBuilder[]> {
    const { trx, tenantId, now } = this.run
    const i = this.instance
    await this.cancelLeftovers() // needs its RETURNING rows: a separate statement, resumes only
    const writes: Knex.QueryBuilder[] = []
    if (this.isNew) {
      writes.push(trx('instances').insert({
        tenant_id: tenantId, id: i.id, flow_version_id: i.flow_version_id, flow_key: i.flow_key, flow_version: i.flow_version,
        ticket_id: i.ticket_id, parent_instance_id: i.parent_instance_id, parent_token_id: i.parent_token_id,
        status: i.status, vars: JSON.stringify(i.vars), error: i.error ? JSON.stringify(i.error) : null,
        started_by: i.started_by, seq: i.seq, ended_at: i.ended_at, created_at: now, updated_at: now,
      }))
    }
    else {
      writes.push(trx('instances').where({ tenant_id: tenantId, id: i.id }).update({
        status: i.status, vars: JSON.stringify(i.vars), error: i.error ? JSON.stringify(i.error) : null,
        seq: i.seq, ended_at: i.ended_at, lock_version: trx.raw('lock_version + 1'), updated_at: now,
      }))
    }
    writes.push(...this.tokenWrites())
    if (this.newTasks.length) {
      writes.push(trx('tasks').insert(this.newTasks.map(t => ({
        ...t, candidate_users: JSON.stringify(t.candidate_users), form: t.form ? JSON.stringify(t.form) : null, created_at: now, updated_at: now,
      }))))
    }
    if (this.newTimers.length) {
      writes.push(trx('timers').insert(this.newTimers))
      for (const t of this.newTimers) {
        const due = t.due_at as Date
        if (!this.run.earliestTimer || due < this.run.earliestTimer) this.run.earliestTimer = due
      }
    }
    if (this.incidents.length) writes.push(trx('incidents').insert(this.incidents))
    if (this.outbox.length) {
      writes.push(trx('outbox').insert(this.outbox).onConflict(['tenant_id', 'idempotency_key']).ignore())
      this.run.outboxQueued = true
    }
    for (let k = 0; k < this.history.length; k += ROWS_PER_INSERT)
      writes.push(trx('history').insert(this.history.slice(k, k + ROWS_PER_INSERT).map(h => ({ ...h, data: JSON.stringify(h.data) }))))
    return writes
  }

  /** After the writes: the data provider hears about task changes (rows exist by now). */
  async afterWrites(): Promise<void> {
    const onTask = this.run.engine.dataProvider().onTask
    if (onTask) for (const [event, task] of this.taskEvents) await onTask(this.dataContext, event, task)
  }

  private tokenWrites(): Knex.QueryBuilder[] {
    const ids = [...this.fresh, ...this.dirty]
    const { trx, tenantId, now } = this.run
    const rows = ids.map((id) => {
      const t = this.tokens.get(id)!
      return {
        tenant_id: tenantId, id: t.id, instance_id: t.instance_id, node_id: t.node_id, status: t.status,
        arrived_via: t.arrived_via, parent_token_id: t.parent_token_id, step: t.step, waiting_for: t.waiting_for,
        state: JSON.stringify(t.state ?? {}), updated_at: now,
      }
    })
    const out: Knex.QueryBuilder[] = []
    for (let k = 0; k < rows.length; k += ROWS_PER_INSERT) {
      out.push(trx('tokens').insert(rows.slice(k, k + ROWS_PER_INSERT)).onConflict(['tenant_id', 'id'])
        .merge(['node_id', 'status', 'arrived_via', 'step', 'waiting_for', 'state', 'updated_at']) as unknown as Knex.QueryBuilder)
    }
    return out
  }

  /** Open tasks and pending timers of tokens that left their node (or ended) are cancelled. */
  private async cancelLeftovers(): Promise<void> {
    if (!this.leftFromDb.size) return
    const { trx, tenantId, now } = this.run
    const ids = [...this.leftFromDb]
    // One round trip: the timers update rides along as a CTE of the tasks update.
    const timers = trx('timers').where({ tenant_id: tenantId, instance_id: this.instance.id }).whereIn('token_id', ids)
      .whereNull('fired_at').whereNull('cancelled_at').update({ cancelled_at: now }).toSQL()
    const tasks = trx('tasks').where({ tenant_id: tenantId, instance_id: this.instance.id, status: 'open' }).whereIn('token_id', ids)
      .update({ status: 'cancelled', version: trx.raw('version + 1'), updated_at: now }).returning('*').toSQL()
    const res = await trx.raw(`with cancelled_timers as (${timers.sql}) ${tasks.sql}`, [...timers.bindings, ...tasks.bindings] as Knex.RawBinding[])
    for (const task of res.rows as TaskRow[]) {
      this.taskEvents.push(['cancelled', task])
      this.log({ key: `task:${task.id}:cancelled`, event: 'task.cancelled', nodeId: task.node_id, tokenId: task.token_id, data: { taskId: task.id } })
    }
  }
}

/** Far below PostgreSQL's 65,535 bind parameters per statement. */
const MAX_BINDINGS = 30_000

/** Runs the writes as one statement of data-modifying CTEs (several if it would be too big). */
export async function runAsOne(trx: Knex.Transaction, writes: Knex.QueryBuilder[]): Promise<void> {
  let batch: Array<{ sql: string, bindings: readonly unknown[] }> = []
  let size = 0
  const send = async () => {
    if (batch.length === 1) await trx.raw(batch[0].sql, batch[0].bindings as Knex.RawBinding[])
    else if (batch.length) await trx.raw(`with ${batch.map((b, k) => `w${k} as (${b.sql})`).join(', ')} select 1`, batch.flatMap(b => b.bindings) as Knex.RawBinding[])
    batch = []
    size = 0
  }
  for (const w of writes) {
    const q = w.toSQL()
    if (size + q.bindings.length > MAX_BINDINGS) await send()
    batch.push({ sql: q.sql, bindings: q.bindings })
    size += q.bindings.length
  }
  await send()
}
