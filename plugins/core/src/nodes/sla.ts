import { parseDuration } from '@scrm/flow'
import type { NodeContext } from '@scrm/runtime'

export interface SlaSpec {
  target: string
  warnAt?: string
  calendar?: string
}

/**
 * When an SLA warns and breaches, counted from `from` in the calendar's business time.
 * `warnAt` is a share of the target (`80%`) or a duration before the breach (`PT30M`).
 */
export async function slaTimes(ctx: NodeContext, sla: SlaSpec, from = ctx.now): Promise<{ warnAt?: Date, breachAt: Date }> {
  const target = parseDuration(sla.target)
  const breachAt = await ctx.addBusinessTime(sla.calendar, from, target)
  if (!sla.warnAt) return { breachAt }
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(sla.warnAt.trim())
  const warnMs = pct ? target * Number(pct[1]) / 100 : target - parseDuration(sla.warnAt)
  if (!(warnMs > 0) || warnMs >= target) return { breachAt }
  return { warnAt: await ctx.addBusinessTime(sla.calendar, from, warnMs), breachAt }
}

/** Timers of an SLA carried inside a task's config: they only mark the timeline (no edges). */
export async function scheduleTaskSla(ctx: NodeContext, sla: SlaSpec | undefined, taskId: string): Promise<Date | undefined> {
  if (!sla?.target) return undefined
  const { warnAt, breachAt } = await slaTimes(ctx, sla)
  if (warnAt) ctx.schedule({ kind: 'sla.warning', dueAt: warnAt, payload: { taskId } })
  ctx.schedule({ kind: 'sla.breach', dueAt: breachAt, payload: { taskId } })
  return breachAt
}
