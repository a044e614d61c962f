import { parseDuration } from '@scrm/flow'
import { getPath, type NodeResult } from '@scrm/runtime'
import { coreNode } from './define.js'
import { slaTimes } from './sla.js'

/** Waits a duration (in business time when a calendar is named) or until a date in the data. */
export const timerNode = coreNode('timer', { 'zh-CN': '定时器', 'en-US': 'Timer' }, 'event', {
  waiting: true,
  async run(ctx): Promise<NodeResult> {
    const c = ctx.config
    let due: Date
    if (c.duration) {
      due = await ctx.addBusinessTime(c.calendar, ctx.now, parseDuration(c.duration))
    }
    else if (c.until) {
      const raw = getPath(await ctx.data(), c.until)
      due = new Date(raw as string)
      if (raw === undefined || raw === null || Number.isNaN(due.getTime()))
        return { fail: { code: 'invalid_date', message: `timer "${ctx.node.id}": ${c.until} is not a date (${JSON.stringify(raw)})` } }
    }
    else {
      return { fail: { code: 'invalid_config', message: `timer "${ctx.node.id}" needs duration or until` } }
    }
    if (due <= ctx.now) return {}
    ctx.schedule({ kind: 'timer', dueAt: due })
    return { wait: true }
  },
  resume: () => ({}),
})

/**
 * Watches the task node named by `attachedTo`: armed when a token waits there, a warning timer
 * spawns the 'warning' edges (the task stays), the breach timer spawns the 'breach' edges and,
 * when interrupting (the default), cancels the task.
 */
export const slaBoundaryNode = coreNode('slaBoundary', { 'zh-CN': 'SLA 边界', 'en-US': 'SLA boundary' }, 'event', {
  boundary: true,
  async run(ctx) {
    const { warnAt, breachAt } = await slaTimes(ctx, ctx.config)
    if (warnAt) ctx.schedule({ kind: 'sla.warning', dueAt: warnAt, nodeId: ctx.node.id })
    ctx.schedule({ kind: 'sla.breach', dueAt: breachAt, nodeId: ctx.node.id })
    return { wait: true }
  },
  resume(ctx, event) {
    if (event.kind !== 'timer') return { spawn: [] }
    const on = event.timer.kind === 'sla.warning' ? 'warning' : 'breach'
    ctx.record(`sla.${on}`, { attachedTo: ctx.config.attachedTo })
    const edges = ctx.edges(on).map(e => e.id)
    return { spawn: edges, interrupt: on === 'breach' && ctx.config.interrupting !== false }
  },
})

/** Parks until `POST /api/instances/:id/events` names this event; optional 'timeout' edges. */
export const waitForEventNode = coreNode('waitForEvent', { 'zh-CN': '等待事件', 'en-US': 'Wait for event' }, 'event', {
  waiting: true,
  async run(ctx) {
    ctx.waitFor(ctx.config.event)
    if (ctx.config.timeout) ctx.schedule({ kind: 'timeout', dueAt: await ctx.addBusinessTime(undefined, ctx.now, parseDuration(ctx.config.timeout)) })
    return { wait: true }
  },
  async resume(ctx, event) {
    if (event.kind === 'event') {
      await ctx.assign(`vars.${ctx.node.id}`, { event: event.name, payload: event.payload ?? null })
      return { next: ctx.edges('next').map(e => e.id) }
    }
    if (event.kind === 'timer') {
      const timeout = ctx.edges('timeout').map(e => e.id)
      return timeout.length ? { next: timeout } : { fail: { code: 'timeout', message: `no "${ctx.config.event}" event within ${ctx.config.timeout}` } }
    }
    return { wait: true }
  },
})

/** Starts the newest published version of another flow as a child; resumes when it ends. */
export const subflowNode = coreNode('subflow', { 'zh-CN': '子流程', 'en-US': 'Subflow' }, 'automation', {
  waiting: true,
  async run(ctx) {
    const input: Record<string, unknown> = {}
    for (const [name, expr] of Object.entries(ctx.config.input ?? {})) input[name] = await ctx.evaluate(expr)
    const childId = await ctx.startSubflow(ctx.config.flowKey, input)
    ctx.setState({ childId })
    return { wait: true }
  },
  async resume(ctx, event): Promise<NodeResult> {
    if (event.kind !== 'subflow') return { wait: true }
    const { child } = event
    if (child.status !== 'completed')
      return { fail: { code: 'subflow_failed', message: `subflow ${ctx.config.flowKey} ${child.status}${child.error ? `: ${child.error.message}` : ''}`, details: { childId: child.id } } }
    for (const [target, source] of Object.entries(ctx.config.output ?? {}))
      await ctx.assign(target, getPath(child.vars, source.replace(/^vars\./, '')) ?? null)
    return {}
  },
})
