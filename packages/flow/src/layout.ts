/**
 * A simple layered auto-layout, so a flow published without designer positions (an industry
 * template, an API import) still opens readably. Left to right: layer = longest path from a root,
 * ignoring loop-back edges; rows in discovery order. The designer may re-layout with elkjs.
 */

import type { FlowIR } from './ir.js'

export interface Position {
  x: number
  y: number
}

/** Node id → top-left position, as React Flow stores it. */
export type Layout = Record<string, Position>

export interface AutoLayoutOptions {
  /** Horizontal distance between layers. */
  dx?: number
  /** Vertical distance between nodes of one layer. */
  dy?: number
}

export function autoLayout(ir: FlowIR, options: AutoLayoutOptions = {}): Layout {
  const { dx = 240, dy = 120 } = options
  const ids = [...new Set(ir.nodes.map((n) => n.id))]
  const next = successors(ir, new Set(ids))
  const { topo, back, discovered } = depthFirst(rootsFirst(ir, ids), next)
  const layer = new Map<string, number>()
  for (const v of topo) {
    const lv = layer.get(v) ?? 0
    layer.set(v, lv)
    for (const w of next.get(v)!) {
      if (!back.has(`${v}\u0000${w}`)) layer.set(w, Math.max(layer.get(w) ?? 0, lv + 1))
    }
  }
  const rows = new Map<number, number>()
  const layout: Layout = {}
  for (const id of [...ids].sort((a, b) => discovered.get(a)! - discovered.get(b)!)) {
    const l = layer.get(id)!
    const row = rows.get(l) ?? 0
    rows.set(l, row + 1)
    layout[id] = { x: l * dx, y: row * dy }
  }
  return layout
}

/** Edges between existing nodes, plus task → its SLA boundary so the boundary sits just after it. */
function successors(ir: FlowIR, ids: Set<string>): Map<string, string[]> {
  const next = new Map<string, string[]>([...ids].map((id) => [id, []]))
  for (const e of ir.edges) if (ids.has(e.from) && ids.has(e.to)) next.get(e.from)!.push(e.to)
  for (const n of ir.nodes) {
    const task = (n.config as { attachedTo?: unknown } | undefined)?.attachedTo
    if (n.type === 'slaBoundary' && typeof task === 'string' && ids.has(task)) next.get(task)!.push(n.id)
  }
  return next
}

/** Start nodes first, then nodes nothing points to, then the rest (pure cycles). */
function rootsFirst(ir: FlowIR, ids: string[]): string[] {
  const targets = new Set(ir.edges.map((e) => e.to))
  const starts = ir.nodes.filter((n) => n.type === 'start').map((n) => n.id)
  return [...new Set([...starts, ...ids.filter((id) => !targets.has(id)), ...ids])]
}

function depthFirst(roots: string[], next: Map<string, string[]>) {
  const state = new Map<string, 'open' | 'done'>()
  const discovered = new Map<string, number>()
  const back = new Set<string>()
  const post: string[] = []
  const visit = (v: string): void => {
    state.set(v, 'open')
    discovered.set(v, discovered.size)
    for (const w of next.get(v)!) {
      if (!state.has(w)) visit(w)
      else if (state.get(w) === 'open') back.add(`${v}\u0000${w}`)
    }
    state.set(v, 'done')
    post.push(v)
  }
  for (const r of roots) if (!state.has(r)) visit(r)
  return { topo: post.reverse(), back, discovered }
}
