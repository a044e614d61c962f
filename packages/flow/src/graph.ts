/** Adjacency views of an IR, built once per validate() call and shared by the checks. */

import type { FlowEdge, FlowIR, FlowNode } from './ir.js'

export interface FlowGraph {
  ir: FlowIR
  /** First node with each id (duplicates are reported separately). */
  nodes: Map<string, FlowNode>
  /** Every edge leaving a node, even if its target is missing (so one bad edge is one diagnostic). */
  outAll: Map<string, FlowEdge[]>
  /** Edges whose both ends exist, by source and by target. */
  out: Map<string, FlowEdge[]>
  in: Map<string, FlowEdge[]>
}

export function buildGraph(ir: FlowIR): FlowGraph {
  const nodes = new Map<string, FlowNode>()
  for (const n of ir.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n)
  const g: FlowGraph = { ir, nodes, outAll: new Map(), out: new Map(), in: new Map() }
  for (const n of nodes.keys()) {
    g.outAll.set(n, [])
    g.out.set(n, [])
    g.in.set(n, [])
  }
  for (const e of ir.edges) {
    g.outAll.get(e.from)?.push(e)
    if (nodes.has(e.from) && nodes.has(e.to)) {
      g.out.get(e.from)!.push(e)
      g.in.get(e.to)!.push(e)
    }
  }
  return g
}

export const outEdges = (g: FlowGraph, id: string): FlowEdge[] => g.out.get(id) ?? []
export const inEdges = (g: FlowGraph, id: string): FlowEdge[] => g.in.get(id) ?? []

/** A normal way out: no `on`, or `on: 'next'`. */
export const isNormal = (e: FlowEdge): boolean => e.on === undefined || e.on === 'next'

/** The task a slaBoundary watches, when it names an existing node. */
export function attachedTo(g: FlowGraph, node: FlowNode): string | undefined {
  if (node.type !== 'slaBoundary') return undefined
  const target = (node.config as { attachedTo?: unknown } | undefined)?.attachedTo
  return typeof target === 'string' && g.nodes.has(target) ? target : undefined
}

/**
 * Where a token (or a boundary timer) can go next from `id`: real edges, plus task → its
 * boundaries, because a boundary becomes live when its task does.
 */
export function successorMap(g: FlowGraph, withBoundaries: boolean): Map<string, string[]> {
  const next = new Map<string, string[]>()
  for (const [id, edges] of g.out) next.set(id, edges.map((e) => e.to))
  if (withBoundaries) {
    for (const node of g.nodes.values()) {
      const task = attachedTo(g, node)
      if (task) next.get(task)!.push(node.id)
    }
  }
  return next
}

/** Node ids reachable from `roots`. */
export function reachable(next: Map<string, string[]>, roots: string[]): Set<string> {
  const seen = new Set<string>(roots)
  const queue = [...roots]
  while (queue.length) {
    for (const to of next.get(queue.shift()!) ?? []) {
      if (!seen.has(to)) {
        seen.add(to)
        queue.push(to)
      }
    }
  }
  return seen
}

/**
 * Strongly connected components that contain a cycle (size > 1 or a self-loop), each in IR node
 * order. Tarjan's algorithm; recursion depth is bounded by flow size, which is small.
 */
export function cycles(order: string[], next: Map<string, string[]>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  let counter = 0
  const visit = (v: string): void => {
    index.set(v, counter)
    low.set(v, counter++)
    stack.push(v)
    onStack.add(v)
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!))
      }
    }
    if (low.get(v) !== index.get(v)) return
    const scc: string[] = []
    let w: string
    do {
      w = stack.pop()!
      onStack.delete(w)
      scc.push(w)
    } while (w !== v)
    if (scc.length > 1 || (next.get(v) ?? []).includes(v)) found.push(order.filter((id) => scc.includes(id)))
  }
  for (const id of order) if (!index.has(id)) visit(id)
  return found.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
}
