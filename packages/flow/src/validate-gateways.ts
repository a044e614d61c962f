/** Gateway checks: exclusive defaults and edge conditions, parallel split/join pairing. */

import { checkCondition } from './condition-check.js'
import { error, nodeLabel, warning, type Diagnostic } from './diagnostics.js'
import { inEdges, outEdges } from './graph.js'
import type { FlowEdge, FlowNode } from './ir.js'
import type { CheckContext } from './validate-context.js'

export function checkExclusives(ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const n of ctx.g.nodes.values()) if (n.type === 'exclusive') out.push(...checkExclusive(ctx, n))
  return out
}

function checkExclusive(ctx: CheckContext, n: FlowNode): Diagnostic[] {
  const edges = ctx.g.outAll.get(n.id) ?? []
  const def = (n.config as { default?: unknown } | undefined)?.default
  // One unconditioned way out: the gateway only merges paths, nothing to decide.
  if (edges.length === 1 && edges[0].when === undefined && def === undefined) return []
  if (edges.length === 0) return [] // dead_end covers it
  if (def === undefined || def === '') {
    return [error('exclusive_no_default', { nodeId: n.id, field: 'default' },
      `排他网关${nodeLabel(n)}没有默认分支：所有条件都不满足时流程会卡住`,
      `Exclusive gateway ${nodeLabel(n)} has no default edge: the flow gets stuck when no condition matches`)]
  }
  if (!edges.some((e) => e.id === def)) {
    return [error('exclusive_bad_default', { nodeId: n.id, field: 'default' },
      `排他网关${nodeLabel(n)}的默认分支“${String(def)}”不是它的出口连线`,
      `The default "${String(def)}" of exclusive gateway ${nodeLabel(n)} is not one of its outgoing edges`)]
  }
  return edges
    .filter((e) => e.id !== def && e.when === undefined)
    .map((e) => error('exclusive_missing_condition', { nodeId: n.id, edgeId: e.id, field: 'when' },
      `排他网关${nodeLabel(n)}的分支“${e.id}”既没有条件也不是默认分支`,
      `Branch "${e.id}" of exclusive gateway ${nodeLabel(n)} has no condition and is not the default`))
}

/** Conditions on edges: must be valid JSON Logic over flow data, and only mean something on exclusive gateways. */
export function checkEdgeConditions(ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const e of ctx.g.ir.edges) {
    if (e.when === undefined) continue
    const from = ctx.g.nodes.get(e.from)
    if (from && from.type !== 'exclusive') {
      out.push(warning('condition_on_non_gateway', { edgeId: e.id, nodeId: e.from, field: 'when' },
        `连线“${e.id}”上的条件不会生效：只有排他网关的出口连线才判断条件`,
        `The condition on edge "${e.id}" is ignored: only edges leaving an exclusive gateway are conditional`))
    }
    out.push(...conditionDiagnostics(e, from))
  }
  return out
}

function conditionDiagnostics(e: FlowEdge, from: FlowNode | undefined): Diagnostic[] {
  // The gateway is named too (when it exists) so the designer can flag both.
  const where = { edgeId: e.id, nodeId: from?.id, field: 'when' }
  if (typeof e.when !== 'boolean' && (typeof e.when !== 'object' || e.when === null || Array.isArray(e.when))) {
    return [error('invalid_condition', where, `连线“${e.id}”的条件必须是 JSON Logic 对象或 true/false`,
      `The condition of edge "${e.id}" must be a JSON Logic object or true/false`)]
  }
  return checkCondition(e.when).map((p) => error('invalid_condition', where,
    `连线“${e.id}”的条件有误：${p.message['zh-CN']}`,
    `The condition of edge "${e.id}" is invalid: ${p.message['en-US']}`))
}

/**
 * Every parallelSplit must have all its branches meet in one parallelJoin that has exactly one
 * incoming edge per branch (the join waits for each branch once); every join must close a split.
 * 'error' edges (incidents) are not followed: they leave the normal structure by design.
 */
export function checkParallel(ctx: CheckContext): Diagnostic[] {
  const memo = new Map<string, Match>()
  const claimed = new Set<string>()
  const out: Diagnostic[] = []
  for (const n of ctx.g.nodes.values()) {
    if (n.type !== 'parallelSplit') continue
    const match = matchSplit(ctx, n.id, memo)
    match.reached.forEach((j) => claimed.add(j))
    if (!match.join) out.push(splitError(n, match.reason))
  }
  for (const n of ctx.g.nodes.values()) {
    if (n.type === 'parallelJoin' && !claimed.has(n.id)) {
      out.push(error('split_without_join', { nodeId: n.id },
        `并行汇聚${nodeLabel(n)}没有对应的并行拆分`,
        `Parallel join ${nodeLabel(n)} does not close any parallel split`))
    }
  }
  return out
}

interface Match {
  join?: string
  reached: Set<string>
  reason: 'escape' | 'several' | 'count'
}

function splitError(n: FlowNode, reason: Match['reason']): Diagnostic {
  const zh = {
    escape: '有分支在汇聚前结束或绕出了并行区域',
    several: '各分支汇聚到了不同的并行汇聚节点',
    count: '对应的并行汇聚节点的入口连线数与分支数不一致（可先用排他网关合并同一分支内的路径）',
  }[reason]
  const en = {
    escape: 'a branch ends or leaves the parallel region before joining',
    several: 'the branches meet in different parallel joins',
    count: "the join's incoming edges do not match the branches one to one (merge alternatives inside a branch with an exclusive gateway first)",
  }[reason]
  return error('split_without_join', { nodeId: n.id },
    `并行拆分${nodeLabel(n)}的分支没有在同一个并行汇聚节点会合：${zh}`,
    `The branches of parallel split ${nodeLabel(n)} do not meet in a single parallel join: ${en}`)
}

function matchSplit(ctx: CheckContext, splitId: string, memo: Map<string, Match>): Match {
  const known = memo.get(splitId)
  if (known) return known
  const pending: Match = { reached: new Set(), reason: 'escape' } // a split inside its own loop never matches
  memo.set(splitId, pending)
  const branches = outEdges(ctx.g, splitId).filter((e) => e.on !== 'error')
  const walk = { escaped: branches.length === 0, visited: new Set<string>([splitId]) }
  const stack = branches.map((e) => e.to)
  while (stack.length) {
    const id = stack.pop()!
    if (walk.visited.has(id)) {
      if (id === splitId) walk.escaped = true
      continue
    }
    walk.visited.add(id)
    const node = ctx.g.nodes.get(id)!
    if (node.type === 'parallelJoin') {
      pending.reached.add(id)
      continue
    }
    const from = node.type === 'parallelSplit' ? matchSplit(ctx, id, memo).join : id
    const next = from ? outEdges(ctx.g, from).filter((e) => e.on !== 'error').map((e) => e.to) : []
    if (next.length === 0) walk.escaped = true // an end, a dead end, or a broken nested split
    stack.push(...next)
  }
  const result = decide(ctx, pending, walk.escaped, branches.length)
  memo.set(splitId, result)
  return result
}

function decide(ctx: CheckContext, m: Match, escaped: boolean, branchCount: number): Match {
  if (escaped) return { ...m, reason: 'escape' }
  if (m.reached.size !== 1) return { ...m, reason: 'several' }
  const [join] = m.reached
  const incoming = inEdges(ctx.g, join)
  // A split wired straight into the join (an empty branch) is fine; anything else must come from a branch.
  if (incoming.length !== branchCount) return { ...m, reason: 'count' }
  return { ...m, join }
}
