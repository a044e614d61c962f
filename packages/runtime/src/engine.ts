import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import { advance } from './advance.js'
import type { FlowAssigner } from './assignments.js'
import { type BusinessCalendar, type Clock, systemClock, wallTimeCalendar } from './clock.js'
import { type InstanceDataProvider, varsDataProvider } from './data-provider.js'
import { invalidError } from './errors.js'
import { FlowCache, type PreparedFlow } from './flow-cache.js'
import { cloneJson } from './paths.js'
import type { PluginTimerHandler } from './plugin-timers.js'
import { InstanceStep, runAsOne, type StepRun } from './step.js'
import type { InstanceRow, RuntimeNodeType, ScriptRunner, TokenRow } from './types.js'

export interface EngineOptions {
  /** Node types visible to a tenant (the kernel's `nodeTypes` registry). */
  nodeTypes: (tenantId: string, type: string) => RuntimeNodeType | undefined
  dataProvider?: () => InstanceDataProvider
  clock?: Clock
  calendar?: () => BusinessCalendar
  scripts?: () => ScriptRunner | undefined
  /** Routing strategies and rule lists in `assign` (the routing plugin's `flow.assigner`). */
  assigner?: () => FlowAssigner | undefined
  /** After commit: a step created a timer due at `at` (wakes the timer worker early). */
  onTimerScheduled?: (at: Date) => void
  /** After commit: a step queued outbox rows. */
  onOutboxQueued?: () => void
}

export interface VersionRow {
  id: string
  flow_id: string
  flow_key: string
  version: number
}

/** PostgreSQL's deadlock and serialization failures: the step is safe to run again. */
const RETRYABLE = new Set(['40P01', '40001'])

/**
 * The durable flow engine. Every public operation is one step: one transaction that locks the
 * instance(s) it touches, runs nodes until every token waits or ends, and writes everything it
 * did (tokens, tasks, timers, history, outbox, incidents) before committing.
 */
export class Engine {
  readonly clock: Clock
  private readonly flows = new FlowCache()
  private readonly timerKinds = new Map<string, PluginTimerHandler>()

  constructor(private readonly options: EngineOptions) {
    this.clock = options.clock ?? systemClock
  }

  nodeType(tenantId: string, type: string): RuntimeNodeType | undefined {
    return this.options.nodeTypes(tenantId, type)
  }

  dataProvider(): InstanceDataProvider {
    return this.options.dataProvider?.() ?? varsDataProvider
  }

  calendar(): BusinessCalendar {
    return this.options.calendar?.() ?? wallTimeCalendar
  }

  scriptRunner(): ScriptRunner | undefined {
    return this.options.scripts?.()
  }

  assigner(): FlowAssigner | undefined {
    return this.options.assigner?.()
  }

  /** A plugin's own timer kind (timers without an instance, see plugin-timers.ts), e.g. 'sla.due'. */
  registerTimerKind(kind: string, handler: PluginTimerHandler): void {
    if (this.timerKinds.has(kind)) throw new Error(`timer kind "${kind}" is already registered`)
    this.timerKinds.set(kind, handler)
  }

  timerKind(kind: string): PluginTimerHandler | undefined {
    return this.timerKinds.get(kind)
  }

  /**
   * Runs `fn` as one step. Inside a caller's transaction (a ticket created together with its
   * flow instance) it joins that transaction; otherwise it opens one and retries on deadlock.
   */
  async transact<T>(db: Knex, tenantId: string, fn: (run: StepRun) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const make = (trx: Knex.Transaction): StepRun => ({ engine: this, trx, tenantId, now: this.clock.now(), steps: new Map(), outboxQueued: false })
      let run: StepRun | undefined
      const body = async (trx: Knex.Transaction) => {
        run = make(trx)
        const result = await fn(run)
        await this.drive(run)
        return result
      }
      try {
        const result = db.isTransaction ? await body(db as Knex.Transaction) : await db.transaction(body)
        if (run?.earliestTimer) this.options.onTimerScheduled?.(run.earliestTimer)
        if (run?.outboxQueued) this.options.onOutboxQueued?.()
        return result
      }
      catch (err) {
        if (db.isTransaction || attempt >= 3 || !RETRYABLE.has((err as { code?: string }).code ?? '')) throw err
      }
    }
  }

  /** Advances every instance touched in this step until quiet, then writes them all. */
  private async drive(run: StepRun): Promise<void> {
    for (let busy = true; busy;) {
      busy = false
      for (const step of [...run.steps.values()]) {
        if (!step.queue.length) continue
        busy = true
        await advance(step)
      }
    }
    const writes = []
    for (const step of run.steps.values()) writes.push(...await step.prepareWrites())
    await runAsOne(run.trx, writes)
    for (const step of run.steps.values()) await step.afterWrites()
  }

  /** The instance's step in this transaction: loaded and locked (FOR UPDATE) on first use. */
  async loadStep(run: StepRun, instanceId: string): Promise<InstanceStep | undefined> {
    const known = run.steps.get(instanceId)
    if (known) return known
    const { trx, tenantId } = run
    // The lock and the live tokens in one round trip (tokens only change under this lock).
    const res = await trx.raw(`select i.*, coalesce((select json_agg(json_build_object('id', t.id, 'instance_id', t.instance_id,
        'node_id', t.node_id, 'status', t.status, 'arrived_via', t.arrived_via, 'parent_token_id', t.parent_token_id,
        'step', t.step, 'waiting_for', t.waiting_for, 'state', t.state))
        from tokens t where t.tenant_id = i.tenant_id and t.instance_id = i.id and t.status in ('active', 'waiting')), '[]') as live_tokens
      from instances i where i.tenant_id = ? and i.id = ? for update of i`, [tenantId, instanceId])
    const found = res.rows[0] as (InstanceRow & { live_tokens: TokenRow[] | string }) | undefined
    if (!found) return undefined
    const { live_tokens: live, ...row } = found
    const tokens = (typeof live === 'string' ? JSON.parse(live) : live) as TokenRow[]
    const flow = await this.flows.get(trx, tenantId, row.flow_version_id)
    if (!flow) throw new Error(`flow version ${row.flow_version_id} of instance ${instanceId} is missing`)
    const step = new InstanceStep(run, row, flow, false, tokens)
    run.steps.set(instanceId, step)
    return step
  }

  async prepared(run: StepRun, versionId: string): Promise<PreparedFlow | undefined> {
    return this.flows.get(run.trx, run.tenantId, versionId)
  }

  /** The newest published version of a flow key in this tenant. */
  async latestVersion(trx: Knex, tenantId: string, flowKey: string): Promise<VersionRow | undefined> {
    return trx('flow_versions').where({ tenant_id: tenantId, flow_key: flowKey })
      .orderBy('version', 'desc').first('id', 'flow_id', 'flow_key', 'version')
  }

  /** A new instance in this step, its start token queued. */
  async createStep(run: StepRun, version: VersionRow, init: {
    ticketId?: string | null
    vars?: Record<string, unknown>
    startedBy?: string | null
    parent?: { instanceId: string, tokenId: string }
  }): Promise<InstanceStep> {
    const flow = await this.prepared(run, version.id)
    if (!flow) throw invalidError(`flow version ${version.id} not found`)
    if (!flow.start) throw invalidError(`flow ${version.flow_key} v${version.version} has no start node`)
    const instance: InstanceRow = {
      tenant_id: run.tenantId, id: randomUUID(), flow_version_id: version.id, flow_key: version.flow_key,
      flow_version: version.version, ticket_id: init.ticketId ?? null, parent_instance_id: init.parent?.instanceId ?? null,
      parent_token_id: init.parent?.tokenId ?? null, status: 'running', vars: cloneJson(init.vars ?? {}), error: null,
      started_by: init.startedBy ?? null, seq: 0, lock_version: 1, ended_at: null,
    }
    const step = new InstanceStep(run, instance, flow, true)
    run.steps.set(instance.id, step)
    step.log({
      key: 'instance:started', event: 'instance.started', actor: init.startedBy ?? null,
      data: { flowKey: version.flow_key, version: version.version, ...(init.parent ? { parentInstanceId: init.parent.instanceId } : {}) },
    })
    const token = step.addToken({ node_id: flow.start.id, status: 'active', arrived_via: null, parent_token_id: null })
    step.queue.push({ kind: 'run', tokenId: token.id })
    return step
  }

  /** Subflow nodes: the child runs in the parent's transaction until it waits (or ends). */
  async startChild(parent: InstanceStep, token: TokenRow, flowKey: string, vars: Record<string, unknown>): Promise<string> {
    const version = await this.latestVersion(parent.run.trx, parent.run.tenantId, flowKey)
    if (!version) throw new Error(`subflow "${flowKey}" has no published version`)
    const child = await this.createStep(parent.run, version, {
      ticketId: parent.instance.ticket_id, vars, startedBy: parent.instance.started_by,
      parent: { instanceId: parent.instance.id, tokenId: token.id },
    })
    return child.instance.id
  }

  /** A child ended: its parent's waiting subflow token resumes in the same transaction. */
  async notifyParent(child: InstanceStep): Promise<void> {
    const i = child.instance
    const parent = await this.loadStep(child.run, i.parent_instance_id!)
    if (!parent || parent.instance.status !== 'running') return
    parent.queue.push({
      kind: 'resume', tokenId: i.parent_token_id!, key: `subflow:${i.id}`,
      event: { kind: 'subflow', child: { id: i.id, status: i.status, vars: i.vars, error: i.error } },
    })
  }
}
