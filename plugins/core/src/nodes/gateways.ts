import { truthy } from '@scrm/flow'
import { coreNode } from './define.js'

export const startNode = coreNode('start', { 'zh-CN': '开始', 'en-US': 'Start' }, 'event', {
  run: () => ({ next: 'all' }),
})

export const endNode = coreNode('end', { 'zh-CN': '结束', 'en-US': 'End' }, 'event', {
  run: ctx => ({ end: true, status: ctx.config.status }),
})

/** The first edge whose condition holds (in IR order), else the default edge. */
export const exclusiveNode = coreNode('exclusive', { 'zh-CN': '排他网关', 'en-US': 'Exclusive gateway' }, 'gateway', {
  async run(ctx) {
    const edges = ctx.edges('next')
    for (const edge of edges) {
      if (edge.when === undefined || edge.id === ctx.config.default) continue
      if (truthy(await ctx.evaluate(edge.when))) return { next: [edge.id] }
    }
    const fallback = ctx.config.default ?? edges.find(e => e.when === undefined)?.id
    if (fallback) return { next: [fallback] }
    return { fail: { code: 'no_branch', message: `no condition of gateway "${ctx.node.id}" matched and it has no default edge` } }
  },
})

export const parallelSplitNode = coreNode('parallelSplit', { 'zh-CN': '并行拆分', 'en-US': 'Parallel split' }, 'gateway', {
  run: () => ({ next: 'all' }),
})

/**
 * Waits until a token has arrived over every incoming edge, then merges them into one. Tokens
 * parked here are plain waiting tokens, so a crash between arrivals loses nothing.
 */
export const parallelJoinNode = coreNode('parallelJoin', { 'zh-CN': '并行汇聚', 'en-US': 'Parallel join' }, 'gateway', {
  run(ctx) {
    const needed = new Set(ctx.incoming().map(e => e.id))
    const pick = new Map<string, string>() // edge → a waiting token that came over it
    for (const t of ctx.waitingHere()) {
      if (t.arrived_via && t.arrived_via !== ctx.token.arrived_via && !pick.has(t.arrived_via)) pick.set(t.arrived_via, t.id)
    }
    needed.delete(ctx.token.arrived_via ?? '')
    for (const edge of pick.keys()) needed.delete(edge)
    if (needed.size > 0) return { wait: true }
    return { merge: [...pick.values()], next: 'all' }
  },
})
