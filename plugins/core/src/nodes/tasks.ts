import type { ApprovalConfig, UserTaskConfig } from '@scrm/flow'
import type { NodeContext, NodeResult, ResumeEvent } from '@scrm/runtime'
import { coreNode } from './define.js'
import { scheduleTaskSla } from './sla.js'

/**
 * An SLA timer of a task fired: the task is marked (inboxes sort and colour by it) and the
 * timeline notes it; the task stays open. Escalation policies belong to the SLA plugin.
 */
async function slaFired(ctx: NodeContext, event: ResumeEvent): Promise<NodeResult> {
  if (event.kind !== 'timer') return { wait: true }
  const taskId = event.timer.payload.taskId
  const status = event.timer.kind === 'sla.breach' ? 'breached' : 'warning'
  if (typeof taskId === 'string') await ctx.scope.table('tasks').where({ id: taskId, status: 'open' }).update({ sla_status: status })
  ctx.record(event.timer.kind, { taskId, escalate: (ctx.config as { sla?: { escalate?: string[] } }).sla?.escalate })
  return { wait: true }
}

export const userTaskNode = coreNode('userTask', { 'zh-CN': '人工任务', 'en-US': 'User task' }, 'task', {
  waiting: true,
  async run(ctx) {
    const who = await ctx.resolveAssignee(ctx.config.assign)
    const task = await ctx.createTask({ kind: 'userTask', title: ctx.config.title ?? ctx.node.name, ...who })
    const due = await scheduleTaskSla(ctx, ctx.config.sla, task.id)
    if (due) task.due_at = due
    return { wait: true }
  },
  async resume(ctx, event) {
    if (event.kind !== 'task') return slaFired(ctx, event)
    const form = event.form ?? {}
    // Only the fields this step may edit reach the ticket; the whole form stays in vars.
    for (const field of ctx.config.fields ?? []) {
      if (Object.hasOwn(form, field)) await ctx.assign(`ticket.fields.${field}`, form[field])
    }
    await ctx.assign(`vars.${ctx.node.id}`, { outcome: event.outcome ?? null, form, by: event.actor.userId ?? null })
    return {}
  },
})

interface ApprovalState { level: number }

/** Tasks of one approval level: one per named approver (so each sees it as theirs), else one pool task. */
async function openLevel(ctx: NodeContext<ApprovalConfig>, level: number): Promise<void> {
  const spec = ctx.config.levels[level]
  const who = await ctx.resolveAssignee(spec.approvers)
  const title = `${ctx.config.title ?? ctx.node.name ?? ctx.node.id}${spec.name ? ` · ${spec.name}` : ''}`
  const base = { kind: 'approval', title, level, mode: spec.mode }
  const tasks = who.candidateUsers?.length && !who.candidateRole
    ? await Promise.all(who.candidateUsers.map(u => ctx.createTask({ ...base, assigneeId: u })))
    : [await ctx.createTask({ ...base, ...who })]
  for (const t of tasks) {
    const due = await scheduleTaskSla(ctx, ctx.config.sla, t.id)
    if (due) t.due_at = due
  }
  ctx.setState({ level } satisfies ApprovalState)
}

/**
 * Sequential levels; within a level `any` = the first decision counts, `all` = everyone must
 * approve (one rejection rejects). A rejection leaves by the 'reject' edges; without one the
 * branch ends there.
 */
export const approvalNode = coreNode('approval', { 'zh-CN': '审批', 'en-US': 'Approval' }, 'task', {
  waiting: true,
  async run(ctx) {
    if (!ctx.config.levels?.length) return { fail: { code: 'invalid_config', message: `approval "${ctx.node.id}" has no levels` } }
    await openLevel(ctx, 0)
    return { wait: true }
  },
  async resume(ctx, event) {
    if (event.kind !== 'task') return slaFired(ctx, event)
    const level = (ctx.token.state as unknown as ApprovalState).level ?? 0
    const mode = ctx.config.levels[level]?.mode ?? 'any'
    const others = (await ctx.openTasks()).filter(t => t.level === level)
    const decision = { level, by: event.actor.userId ?? null, comment: event.comment ?? null }
    if (event.outcome === 'reject') {
      await ctx.cancelTasks(others.map(t => t.id))
      await ctx.assign(`vars.${ctx.node.id}`, { outcome: 'rejected', ...decision })
      const reject = ctx.edges('reject')
      return reject.length ? { next: reject.map(e => e.id) } : { end: true }
    }
    if (mode === 'all' && others.length) return { wait: true }
    await ctx.cancelTasks(others.map(t => t.id))
    if (level + 1 < ctx.config.levels.length) {
      await openLevel(ctx, level + 1)
      return { wait: true }
    }
    await ctx.assign(`vars.${ctx.node.id}`, { outcome: 'approved', ...decision })
    return {}
  },
})

export type { UserTaskConfig }
