/** Graph-shape checks: ids, edges, start, ways out, reachability, cycles, edge outcomes, boundaries. */

import { error, nodeLabel, warning, type Diagnostic } from './diagnostics.js'
import { cycles, isNormal, reachable, successorMap } from './graph.js'
import { CORE_NODE_TYPES, EDGE_ONS, type FlowEdge, type FlowNode } from './ir.js'
import type { CheckContext } from './validate-context.js'

export function checkIds(ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = []
  const nodeIds = new Set<string>()
  for (const { id } of ctx.g.ir.nodes) {
    if (nodeIds.has(id)) out.push(error('duplicate_id', { nodeId: id }, `节点 ID“${id}”重复`, `Duplicate node id "${id}"`))
    nodeIds.add(id)
  }
  const edgeIds = new Set<string>()
  for (const { id } of ctx.g.ir.edges) {
    if (edgeIds.has(id)) out.push(error('duplicate_id', { edgeId: id }, `连线 ID“${id}”重复`, `Duplicate edge id "${id}"`))
    edgeIds.add(id)
  }
  return out
}

export function checkDangling(ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const e of ctx.g.ir.edges) {
    const field = !ctx.g.nodes.has(e.from) ? 'from' : !ctx.g.nodes.has(e.to) ? 'to' : undefined
    if (!field) continue
    const missing = field === 'from' ? e.from : e.to
    out.push(error('dangling_edge', { edgeId: e.id, field },
      `连线“${e.id}”的${field === 'from' ? '起点' : '终点'}节点“${missing}”不存在`,
      `Edge "${e.id}" ${field === 'from' ? 'starts at' : 'points to'} missing node "${missing}"`))
  }
  return out
}

export function checkNodeTypes(ctx: CheckContext): Diagnostic[] {
  return [...ctx.g.nodes.values()]
    .filter((n) => !ctx.known.has(n.type))
    .map((n) => error('unknown_node_type', { nodeId: n.id, field: 'type' },
      `节点${nodeLabel(n)}的类型“${n.type}”未知（插件未启用？）`,
      `Node ${nodeLabel(n)} has unknown type "${n.type}" (plugin not enabled?)`))
}

export function checkStart(ctx: CheckContext): Diagnostic[] {
  const starts = [...ctx.g.nodes.values()].filter((n) => n.type === 'start')
  if (starts.length === 0) return [error('no_start', {}, '流程缺少开始节点', 'The flow has no start node')]
  return starts.slice(1).map((n) => error('multiple_starts', { nodeId: n.id },
    `流程只能有一个开始节点，${nodeLabel(n)}是多余的`,
    `A flow has exactly one start node; ${nodeLabel(n)} is extra`))
}

/** Every node except an end needs a normal way out; an interrupting boundary needs its breach edge. */
export function checkDeadEnds(ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const n of ctx.g.nodes.values()) {
    if (n.type === 'end') continue
    const edges = ctx.g.outAll.get(n.id) ?? []
    if (n.type === 'slaBoundary') {
      const interrupting = (n.config as { interrupting?: unknown } | undefined)?.interrupting === true
      if (interrupting && !edges.some((e) => e.on === 'breach')) {
        out.push(error('dead_end', { nodeId: n.id },
          `中断型时效边界${nodeLabel(n)}缺少“超时(breach)”出口连线`,
          `Interrupting SLA boundary ${nodeLabel(n)} has no 'breach' edge to leave by`))
      }
    } else if (!edges.some(isNormal)) {
      out.push(error('dead_end', { nodeId: n.id },
        `节点${nodeLabel(n)}没有后续连线，流程会停在这里（只有结束节点可以没有出口）`,
        `Node ${nodeLabel(n)} has no way out; only an end node may have none`))
    }
  }
  return out
}

export function checkReachable(ctx: CheckContext): Diagnostic[] {
  const starts = [...ctx.g.nodes.values()].filter((n) => n.type === 'start').map((n) => n.id)
  if (starts.length === 0) return [] // no_start already says it all
  const seen = reachable(successorMap(ctx.g, true), starts)
  return [...ctx.g.nodes.values()]
    .filter((n) => !seen.has(n.id) && !isUnattachedBoundary(ctx, n))
    .map((n) => error('unreachable', { nodeId: n.id },
      `节点${nodeLabel(n)}从开始节点无法到达`,
      `Node ${nodeLabel(n)} cannot be reached from the start`))
}

/** A boundary whose attachedTo is missing or wrong is reported once, as such, not also as unreachable. */
function isUnattachedBoundary(ctx: CheckContext, n: FlowNode): boolean {
  if (n.type !== 'slaBoundary') return false
  const target = (n.config as { attachedTo?: unknown } | undefined)?.attachedTo
  return typeof target !== 'string' || !ctx.g.nodes.has(target)
}

/** A loop with no node that waits would spin forever inside one worker. */
export function checkCycles(ctx: CheckContext): Diagnostic[] {
  const order = [...ctx.g.nodes.keys()]
  return cycles(order, successorMap(ctx.g, false))
    .filter((scc) => !scc.some((id) => ctx.waiting.has(ctx.g.nodes.get(id)!.type)))
    .map((scc) => error('endless_cycle', { nodeId: scc[0] },
      `循环 ${scc.join(' → ')} 中没有等待节点（人工任务、审批、定时器、等待事件、子流程），会无限循环`,
      `The loop ${scc.join(' → ')} has no waiting node (user task, approval, timer, wait for event, subflow) and would never stop`))
}

const GATEWAYS_AND_ENDS = new Set(['start', 'end', 'exclusive', 'parallelSplit', 'parallelJoin'])

/** Which `on` outcomes a core node type can produce; plugin types may produce any. */
function outcomeAllowed(type: string, on: string, known: boolean): boolean {
  if (!known) return true
  switch (on) {
    case 'next': return type !== 'slaBoundary' && type !== 'end'
    case 'reject': return type === 'approval'
    case 'warning':
    case 'breach': return type === 'slaBoundary'
    case 'timeout': return type === 'waitForEvent'
    case 'error': return !GATEWAYS_AND_ENDS.has(type) && type !== 'slaBoundary'
    default: return false
  }
}

export function checkOutcomes(ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const e of ctx.g.ir.edges) {
    const from = ctx.g.nodes.get(e.from)
    const on = e.on ?? 'next'
    if (!(EDGE_ONS as string[]).includes(on)) {
      out.push(error('edge_outcome_mismatch', { edgeId: e.id, nodeId: from?.id, field: 'on' },
        `连线“${e.id}”的出口类型“${on}”未知`, `Edge "${e.id}" has unknown outcome "${on}"`))
    } else if (from && !outcomeAllowed(from.type, on, CORE.has(from.type))) {
      out.push(mismatch(e, from, on))
    }
  }
  return out
}

const CORE = new Set<string>(CORE_NODE_TYPES)

function mismatch(e: FlowEdge, from: FlowNode, on: string): Diagnostic {
  return warning('edge_outcome_mismatch', { edgeId: e.id, nodeId: from.id, field: 'on' },
    `连线“${e.id}”的出口类型“${on}”不适用于${from.type}节点${nodeLabel(from)}，运行时不会走这条线`,
    `Edge "${e.id}" uses outcome '${on}', which ${from.type} node ${nodeLabel(from)} never produces; it will never be taken`)
}

export function checkBoundaries(ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const n of ctx.g.nodes.values()) {
    if (n.type !== 'slaBoundary') continue
    const target = (n.config as { attachedTo?: unknown } | undefined)?.attachedTo
    if (typeof target !== 'string' || target === '') continue // missing_config reports it
    const task = ctx.g.nodes.get(target)
    if (task?.type === 'userTask' || task?.type === 'approval') continue
    out.push(error('boundary_bad_target', { nodeId: n.id, field: 'attachedTo' },
      task ? `时效边界${nodeLabel(n)}只能挂在人工任务或审批上，不能挂在${task.type}节点${nodeLabel(task)}上`
        : `时效边界${nodeLabel(n)}挂载的节点“${target}”不存在`,
      task ? `SLA boundary ${nodeLabel(n)} can only watch a user task or approval, not ${task.type} node ${nodeLabel(task)}`
        : `SLA boundary ${nodeLabel(n)} watches missing node "${target}"`))
  }
  return out
}
