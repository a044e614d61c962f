import type { ExperienceStat, RoutingStrategy, StrategyContext } from './types.js'
import { num, round } from './types.js'

const weights = (ctx: StrategyContext) => ({ ref: num(ctx.config.refHours, 24), wRate: num(ctx.config.wRate, 0.6), wSpeed: num(ctx.config.wSpeed, 0.4) })

function score(s: ExperienceStat | undefined, w: ReturnType<typeof weights>): number {
  const rate = ((s?.resolved ?? 0) + 1) / ((s?.handled ?? 0) + 2)
  const speed = s?.avgHours == null ? 0.5 : 1 / (1 + s.avgHours / w.ref)
  return round(w.wRate * rate + w.wSpeed * speed)
}

/**
 * Experience-weighted: how well a person has done on this ticket type. Both parts are smoothed
 * so one lucky ticket does not beat a long record:
 * - resolution rate (resolved + 1) / (handled + 2) — Laplace; no history reads as 0.5;
 * - speed 1 / (1 + avgHours / refHours) — 0.5 at the reference time (default 24 h); no
 *   resolved ticket reads as 0.5 too.
 * Score = wRate · rate + wSpeed · speed (defaults 0.6 / 0.4).
 */
export const experienceWeighted: RoutingStrategy = {
  id: 'experience',
  label: { 'zh-CN': '经验加权', 'en-US': 'Experience-weighted' },
  description: { 'zh-CN': '按该类工单的历史解决率与解决速度', 'en-US': 'Past resolution rate and speed on this ticket type' },
  configSchema: {
    type: 'object',
    properties: { refHours: { type: 'number', exclusiveMinimum: 0 }, wRate: { type: 'number', minimum: 0 }, wSpeed: { type: 'number', minimum: 0 } },
    additionalProperties: false,
  },
  rank(candidates, ctx) {
    const w = weights(ctx)
    return candidates.map(c => ({ userId: c.userId, score: score(ctx.experience?.get(c.userId), w) }))
  },
  explain(c, _s, ctx) {
    const s = ctx.experience?.get(c.userId)
    const why = s ? `${s.resolved}/${s.handled} resolved${s.avgHours == null ? '' : `, ${round(s.avgHours, 1)} h avg`}` : 'no history on this type'
    return { why, details: { handled: s?.handled ?? 0, resolved: s?.resolved ?? 0, avgHours: s?.avgHours ?? null } }
  },
}
