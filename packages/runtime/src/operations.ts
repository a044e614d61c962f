import type { Knex } from 'knex'
import { endInstance } from './advance.js'
import type { Engine, VersionRow } from './engine.js'
import type { StepRun } from './step.js'
import { conflictError, forbiddenError, invalidError, notFoundError } from './errors.js'
import { firePluginTimer } from './plugin-timers.js'
import type { Actor, InstanceRow, TaskRow, TimerRow } from './types.js'

export interface StartInput {
  flowKey?: string
  flowVersionId?: string
  ticketId?: string | null
  vars?: Record<string, unknown>
  actor?: Actor
}

async function resolveVersion(engine: Engine, run: StepRun, input: StartInput): Promise<VersionRow> {
  let version: VersionRow | undefined
  if (input.flowVersionId) {
    version = await run.trx('flow_versions').where({ tenant_id: run.tenantId, id: input.flowVersionId }).first('id', 'flow_id', 'flow_key', 'version')
  }
  else if (input.flowKey) {
    version = await engine.latestVersion(run.trx, run.tenantId, input.flowKey)
  }
  else {
    throw invalidError('give flowKey or flowVersionId')
  }
  if (!version) throw notFoundError(input.flowVersionId ? 'flow version' : `published flow "${input.flowKey}"`)
  return version
}

/** Starts an instance on the given (or the newest published) version and runs it until it waits. */
export async function startInstance(engine: Engine, db: Knex, tenantId: string, input: StartInput): Promise<InstanceRow> {
  return engine.transact(db, tenantId, async (run) => {
    const step = await engine.createStep(run, await resolveVersion(engine, run, input), { ticketId: input.ticketId, vars: input.vars, startedBy: input.actor?.userId })
    return step.instance
  })
}

/**
 * Starts several instances in ONE transaction (imports, bulk ticket creation): all or none, one
 * commit and one write statement for all of them — far cheaper per instance than one by one.
 */
export async function startInstances(engine: Engine, db: Knex, tenantId: string, inputs: StartInput[]): Promise<InstanceRow[]> {
  return engine.transact(db, tenantId, async (run) => {
    const versions = new Map<string, VersionRow>()
    const started: InstanceRow[] = []
    for (const input of inputs) {
      const key = input.flowVersionId ?? `key:${input.flowKey}`
      let version = versions.get(key)
      if (!version) versions.set(key, version = await resolveVersion(engine, run, input))
      started.push((await engine.createStep(run, version, { ticketId: input.ticketId, vars: input.vars, startedBy: input.actor?.userId })).instance)
    }
    return started
  })
}

/** May this user work on the task? Its assignee; or, if unassigned, a candidate (user or role). */
export function canAct(task: Pick<TaskRow, 'assignee_id' | 'candidate_users' | 'candidate_role'>, actor: Actor): boolean {
  if (!actor.userId) return false
  if (task.assignee_id) return task.assignee_id === actor.userId
  if (task.candidate_users?.includes(actor.userId)) return true
  if (task.candidate_role && task.candidate_role === actor.role) return true
  // The shared pool (no rule matched anyone): supervisors and admins dispatch it.
  return !task.candidate_users?.length && !task.candidate_role && (actor.role === 'admin' || actor.role === 'supervisor')
}

export interface CompleteInput {
  actor: Actor
  outcome?: string
  form?: Record<string, unknown>
  comment?: string
  expectedVersion?: number
  /** Refuse other kinds of task (the approve/reject routes require 'approval'). */
  kind?: string
}

/** Completes a task (or decides an approval) and moves its token on, in one step. */
export async function completeTask(engine: Engine, db: Knex, tenantId: string, taskId: string, input: CompleteInput): Promise<TaskRow> {
  return engine.transact(db, tenantId, async (run) => {
    const { trx, now } = run
    const check = (task: TaskRow | undefined): TaskRow => {
      if (!task) throw notFoundError('task')
      if (!canAct(task, input.actor)) throw forbiddenError('this task is not assigned to you')
      if (task.status !== 'open') throw conflictError(`task is already ${task.status}`, { status: task.status })
      if (input.expectedVersion !== undefined && input.expectedVersion !== task.version)
        throw conflictError(`task changed meanwhile (version ${task.version}, expected ${input.expectedVersion})`, { version: task.version })
      if (input.kind && task.kind !== input.kind) throw invalidError(`this is a ${task.kind} task, not ${input.kind}`)
      if (task.kind === 'approval' && input.outcome !== 'approve' && input.outcome !== 'reject')
        throw invalidError('an approval task is decided with outcome "approve" or "reject"')
      return task
    }
    const read = async () => trx('tasks').where({ tenant_id: tenantId, id: taskId }).first() as Promise<TaskRow | undefined>
    // Checked on a read before the lock; the update then only succeeds if the task is still the
    // version we checked (under the instance lock nothing changes it any more).
    let task = check(await read())
    const step = await engine.loadStep(run, task.instance_id)
    const complete = async (t: TaskRow) => (await trx('tasks').where({ tenant_id: tenantId, id: taskId, status: 'open', version: t.version }).update({
      status: 'completed', outcome: input.outcome ?? null, form: input.form ? JSON.stringify(input.form) : null,
      comment: input.comment ?? null, completed_by: input.actor.userId, completed_at: now,
      version: trx.raw('version + 1'), updated_at: now,
    }).returning('*') as TaskRow[])[0]
    let done = await complete(task)
    if (!done) { // changed between the read and the lock: decide on what it is now
      task = check(await read())
      done = await complete(task)
      if (!done) throw conflictError('task changed meanwhile')
    }
    if (!step || step.instance.status !== 'running') return done
    step.taskEvents.push(['completed', done])
    step.log({
      key: `task:${task.id}:completed`, event: 'task.completed', nodeId: task.node_id, tokenId: task.token_id, actor: input.actor.userId,
      data: { taskId: task.id, outcome: input.outcome, ...(input.comment ? { comment: input.comment } : {}) },
    })
    step.queue.push({
      kind: 'resume', tokenId: task.token_id, key: `task:${task.id}:resume`,
      event: { kind: 'task', task: done, outcome: input.outcome, form: input.form, comment: input.comment, actor: input.actor },
    })
    return done
  })
}

/** Delivers a named event to the tokens of an instance waiting for it (waitForEvent). */
export async function sendEvent(engine: Engine, db: Knex, tenantId: string, instanceId: string, name: string, payload: unknown, actor: Actor): Promise<{ delivered: number }> {
  return engine.transact(db, tenantId, async (run) => {
    const step = await engine.loadStep(run, instanceId)
    if (!step) throw notFoundError('instance')
    if (step.instance.status !== 'running') throw conflictError(`instance is ${step.instance.status}`)
    const waiting = step.live().filter(t => t.status === 'waiting' && t.waiting_for === name)
    if (!waiting.length) throw conflictError(`no step of this instance waits for event "${name}"`)
    for (const t of waiting) {
      step.queue.push({ kind: 'resume', tokenId: t.id, key: `event:${t.id}:${t.step}`, event: { kind: 'event', name, payload, actor } })
    }
    return { delivered: waiting.length }
  })
}

type ClaimedTimer = Pick<TimerRow, 'tenant_id' | 'id' | 'instance_id'>

/** Marks one timer fired under its instance's lock and queues the resume; false if already done. */
async function queueTimer(engine: Engine, run: StepRun, timer: ClaimedTimer & { instance_id: string }): Promise<boolean> {
  const { trx, tenantId, now } = run
  const step = await engine.loadStep(run, timer.instance_id)
  // Checked and marked in one statement, under the instance lock: fired once, or not at all.
  const [row] = await trx('timers').where({ tenant_id: tenantId, id: timer.id }).whereNull('fired_at').whereNull('cancelled_at')
    .update({ fired_at: now }).returning('*') as TimerRow[]
  if (!row) return false
  if (!step || step.instance.status !== 'running' || !row.token_id) return true
  const token = step.tokens.get(row.token_id)
  if (!token || token.status !== 'waiting') return true
  step.queue.push({
    kind: 'resume', tokenId: token.id, key: `timer:${row.id}`, event: { kind: 'timer', timer: row },
    ...(row.node_id && row.node_id !== token.node_id ? { nodeId: row.node_id } : {}),
  })
  return true
}

/**
 * Fires one claimed timer as one step. The timer is re-read under the instance lock and marked
 * fired in the same transaction as its effects, so whoever fires it second sees it fired.
 */
export async function fireTimer(engine: Engine, db: Knex, timer: ClaimedTimer): Promise<boolean> {
  const instanceId = timer.instance_id
  if (!instanceId) return firePluginTimer(engine, db, timer)
  return engine.transact(db, timer.tenant_id, run => queueTimer(engine, run, { ...timer, instance_id: instanceId }))
}

/**
 * Fires several timers of one tenant in one transaction: the same per-timer guarantees, with
 * one commit and one write statement for all of them (what makes a burst of due timers fast).
 * Instances are locked in id order, so two such groups never wait for each other in a cycle.
 */
export async function fireTimers(engine: Engine, db: Knex, timers: Array<ClaimedTimer & { instance_id: string }>): Promise<boolean[]> {
  const sorted = [...timers].sort((a, b) => (a.instance_id < b.instance_id ? -1 : a.instance_id > b.instance_id ? 1 : 0))
  const fired = await engine.transact(db, timers[0].tenant_id, async (run) => {
    const out = new Map<string, boolean>()
    for (const t of sorted) out.set(t.id, await queueTimer(engine, run, t))
    return out
  })
  return timers.map(t => fired.get(t.id) ?? false)
}

/** Cancels a running instance and the subflows it is waiting for. */
export async function cancelInstance(engine: Engine, db: Knex, tenantId: string, instanceId: string, actor: Actor): Promise<InstanceRow> {
  return engine.transact(db, tenantId, async (run) => {
    const step = await engine.loadStep(run, instanceId)
    if (!step) throw notFoundError('instance')
    if (step.instance.status !== 'running') throw conflictError(`instance is already ${step.instance.status}`)
    step.instance.error = { code: 'cancelled', message: `cancelled by ${actor.userId ?? actor.name ?? 'system'}` }
    await endInstance(step, 'cancelled')
    const children = await run.trx('instances').where({ tenant_id: tenantId, parent_instance_id: instanceId, status: 'running' }).pluck('id') as string[]
    for (const id of children) {
      const child = await engine.loadStep(run, id)
      if (child) await endInstance(child, 'cancelled')
    }
    return step.instance
  })
}

export interface AssignInput {
  /** The new assignee; null puts the task back into its pool. */
  assigneeId: string | null
  actor: Actor
  expectedVersion?: number
}

/**
 * Reassigns an open task (supervisors and admins), or lets a candidate claim a pool task for
 * themselves. The data provider hears 'assigned' so the ticket's assignee follows.
 */
export async function assignTask(engine: Engine, db: Knex, tenantId: string, taskId: string, input: AssignInput): Promise<TaskRow> {
  return engine.transact(db, tenantId, async (run) => {
    const { trx, now } = run
    const found = await trx('tasks').where({ tenant_id: tenantId, id: taskId }).first('instance_id') as { instance_id: string } | undefined
    if (!found) throw notFoundError('task')
    const step = await engine.loadStep(run, found.instance_id)
    const task = await trx('tasks').where({ tenant_id: tenantId, id: taskId }).first() as TaskRow
    const dispatcher = input.actor.role === 'admin' || input.actor.role === 'supervisor'
    const claim = input.assigneeId === input.actor.userId && !task.assignee_id && canAct(task, input.actor)
    if (!dispatcher && !claim) throw forbiddenError('only supervisors reassign tasks; agents may claim a task of their pool')
    if (task.status !== 'open') throw conflictError(`task is already ${task.status}`, { status: task.status })
    if (input.expectedVersion !== undefined && input.expectedVersion !== task.version)
      throw conflictError(`task changed meanwhile (version ${task.version}, expected ${input.expectedVersion})`, { version: task.version })
    const [updated] = await trx('tasks').where({ tenant_id: tenantId, id: taskId, status: 'open' })
      .update({ assignee_id: input.assigneeId, version: trx.raw('version + 1'), updated_at: now }).returning('*') as TaskRow[]
    if (step) {
      step.taskEvents.push(['assigned', updated])
      step.log({
        key: `task:${task.id}:assigned:${updated.version}`, event: 'task.assigned', nodeId: task.node_id, tokenId: task.token_id,
        actor: input.actor.userId, data: { taskId: task.id, from: task.assignee_id, to: input.assigneeId },
      })
    }
    return updated
  })
}
