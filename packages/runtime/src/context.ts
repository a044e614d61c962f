import { randomUUID } from 'node:crypto'
import { evaluate, type FlowNode } from '@scrm/flow'
import { tenantScope } from '@scrm/store'
import { resolveAssignee } from './assignments.js'
import { cloneJson, setPath } from './paths.js'
import type { InstanceStep } from './step.js'
import type { NodeContext, TaskRow, TokenRow } from './types.js'

/**
 * The context a node type runs with. `itemKey` names the happening being processed (a node
 * execution or a resume cause); every row this execution writes derives its key from it, so a
 * replay of the same happening produces the same keys and collides instead of writing twice.
 */
export function nodeContext(step: InstanceStep, token: TokenRow, node: FlowNode, itemKey: string): NodeContext {
  const { run, instance, flow } = step
  const { engine, trx, tenantId } = run
  let counter = 0
  const ctx: NodeContext = {
    tenantId,
    flow: flow.ir,
    node,
    config: node.config ?? {},
    instance,
    token,
    now: run.now,
    get scope() { return tenantScope(tenantId, trx) },
    edges: on => flow.out(node.id).filter(e => on === undefined || (e.on ?? 'next') === on),
    incoming: () => flow.in(node.id),
    data: () => step.data(),
    evaluate: async logic => evaluate(logic, await step.data()),

    async assign(path, value) {
      const dot = path.indexOf('.')
      const root = dot < 0 ? path : path.slice(0, dot)
      const rest = path.slice(dot + 1)
      if (dot < 0 || !rest) throw new Error(`cannot assign to "${path}": write ticket.<field> or vars.<name>`)
      if (root === 'vars') {
        setPath(instance.vars, rest, cloneJson(value)) // data() hands out vars live: nothing to reload
      }
      else if (root === 'ticket') {
        await engine.dataProvider().applyTicket(step.dataContext, { [rest]: cloneJson(value) })
        step.forgetData()
      }
      else {
        throw new Error(`cannot assign to "${path}": only ticket.* and vars.* are writable`)
      }
    },

    setState(state) {
      token.state = state
      step.touch(token)
    },

    async createTask(spec) {
      const task: TaskRow = {
        tenant_id: tenantId, id: randomUUID(), instance_id: instance.id, token_id: token.id, node_id: node.id,
        kind: spec.kind, title: spec.title ?? node.name ?? null, assignee_id: spec.assigneeId ?? null,
        candidate_users: spec.candidateUsers ?? [], candidate_role: spec.candidateRole ?? null, status: 'open',
        outcome: null, form: null, comment: null, level: spec.level ?? null, mode: spec.mode ?? null, sla_status: null,
        due_at: spec.dueAt ?? null, completed_by: null, completed_at: null, version: 1,
      }
      step.newTasks.push(task)
      step.taskEvents.push(['created', task])
      step.log({ key: `task:${task.id}:created`, event: 'task.created', nodeId: node.id, tokenId: token.id, data: { taskId: task.id, assignee: task.assignee_id, role: task.candidate_role, level: task.level } })
      return task
    },

    async openTasks() {
      const stored = await trx('tasks').where({ tenant_id: tenantId, instance_id: instance.id, token_id: token.id, status: 'open' }) as TaskRow[]
      const fresh = step.newTasks.filter(t => t.token_id === token.id && t.status === 'open')
      return [...stored, ...fresh]
    },

    async cancelTasks(ids) {
      if (!ids.length) return
      for (const t of step.newTasks) if (ids.includes(t.id) && t.status === 'open') t.status = 'cancelled'
      const cancelled = await trx('tasks').where({ tenant_id: tenantId, instance_id: instance.id, status: 'open' }).whereIn('id', ids)
        .update({ status: 'cancelled', version: trx.raw('version + 1'), updated_at: run.now }).returning('*') as TaskRow[]
      for (const t of cancelled) {
        step.taskEvents.push(['cancelled', t])
        step.log({ key: `task:${t.id}:cancelled`, event: 'task.cancelled', nodeId: t.node_id, tokenId: t.token_id, data: { taskId: t.id } })
      }
    },

    schedule(timer) {
      step.newTimers.push({
        tenant_id: tenantId, id: randomUUID(), instance_id: instance.id, token_id: token.id, node_id: timer.nodeId ?? node.id,
        kind: timer.kind, due_at: timer.dueAt, payload: JSON.stringify(timer.payload ?? {}),
      })
    },

    waitFor(eventName) {
      token.waiting_for = eventName
      step.touch(token)
    },

    enqueue(kind, payload) {
      const key = `${itemKey}:${node.id}:${++counter}@${instance.id}`
      step.outbox.push({
        tenant_id: tenantId, idempotency_key: key, kind, payload: JSON.stringify(payload), instance_id: instance.id,
        next_attempt_at: run.now,
      })
      return key
    },

    startSubflow: (flowKey, vars) => engine.startChild(step, token, flowKey, vars),
    waitingHere: () => step.live().filter(t => t.node_id === node.id && t.status === 'waiting' && t.id !== token.id),
    addBusinessTime: async (calendarId, from, ms) => engine.calendar().addBusinessTime(calendarId, from, ms),
    script: () => engine.scriptRunner(),
    record(event, data) {
      step.log({ key: `${itemKey}:${event}:${++counter}`, event, nodeId: node.id, tokenId: token.id, data })
    },
    resolveAssignee: rule => resolveAssignee(ctx, rule, {
      plugin: engine.assigner(),
      context: () => ({ ...step.dataContext, nodeId: node.id, now: run.now, data: () => step.data() }),
    }),
  }
  return ctx
}
