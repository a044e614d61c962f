import type { RoutingStrategy } from './types.js'
import { round } from './types.js'

/**
 * Round-robin: the next person after the one who got the pool's previous ticket, in user-id
 * order, wrapping around. The cursor is stored per pool (routing_cursors), so the rotation
 * survives restarts and is shared by every server process. Scores are distinct (n, n-1 …): no ties.
 */
export const roundRobin: RoutingStrategy = {
  id: 'round-robin',
  label: { 'zh-CN': '轮流分配', 'en-US': 'Round robin' },
  description: { 'zh-CN': '按顺序轮流分配给池中的下一位', 'en-US': 'The next person in the pool, in turn' },
  rank(candidates, ctx) {
    // Candidates arrive in user-id order (org snapshot order), which is the rotation order.
    const n = candidates.length
    let start = ctx.cursor === null ? 0 : candidates.findIndex(c => c.userId > ctx.cursor!)
    if (start < 0) start = 0
    return candidates.map((c, i) => ({ userId: c.userId, score: n - ((i - start + n) % n), details: { turn: 1 + ((i - start + n) % n) } }))
  },
  explain: (_c, s) => ({ why: s.details?.turn === 1 ? 'next in turn' : `${s.details?.turn}. in turn`, details: s.details }),
}

/** Least load: the lowest open/capacity ratio (people are already under capacity). */
export const leastLoad: RoutingStrategy = {
  id: 'least-load',
  label: { 'zh-CN': '负载最低', 'en-US': 'Least load' },
  description: { 'zh-CN': '当前未结工单数/接单上限 最低者', 'en-US': 'Lowest open tickets / capacity' },
  rank: candidates => candidates.map(c => ({ userId: c.userId, score: round(1 - (c.capacity > 0 ? c.load / c.capacity : 1)) })),
  explain: c => ({ why: `${c.load}/${c.capacity} open`, details: { load: c.load, capacity: c.capacity } }),
}

/**
 * Skills match: the mean level over the pool's required skills, as a share of the top level
 * (5). Everyone left has every required skill (hard filter); without required skills everyone
 * scores 0 and the tie-break (load) decides.
 */
export const skillsMatch: RoutingStrategy = {
  id: 'skills',
  label: { 'zh-CN': '技能匹配', 'en-US': 'Skills match' },
  description: { 'zh-CN': '所需技能等级越高越优先', 'en-US': 'Highest levels in the required skills' },
  rank: (candidates, ctx) => candidates.map((c) => {
    let sum = 0
    for (const need of ctx.needs) sum += c.skills[need.skill] ?? 0
    return { userId: c.userId, score: ctx.needs.length ? round(sum / ctx.needs.length / 5) : 0 }
  }),
  explain: (c, _s, ctx) => (ctx.needs.length
    ? { why: ctx.needs.map(n => `${n.skill}:${c.skills[n.skill] ?? 0}`).join(', '), details: { levels: Object.fromEntries(ctx.needs.map(n => [n.skill, c.skills[n.skill] ?? 0])) } }
    : { why: 'no required skills' }),
}
