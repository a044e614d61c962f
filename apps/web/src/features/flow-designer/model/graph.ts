/**
 * Canvas graph (React Flow nodes/edges) ⇄ what is saved and compiled. The saved draft is a
 * @scrm/flow DesignerGraph (`type` = flow node type, `data.name/config`, edges with handles),
 * which the server compiles the same way the browser does.
 */
import {
  compile, decompile, EDGE_ONS, type DesignerGraph, type EdgeOn, type FlowIR,
} from '@scrm/flow'
import { Position, type NodeHandle } from '@xyflow/react'
import type { DEdge, DNode, FlowEdgeData } from '../types'

export type SourceHandle = EdgeOn

/** Canvas nodes have a fixed size (designer.module.css `.node`), so they can be laid out before measuring. */
export const NODE_SIZE = { width: 184, height: 52 } as const
/** Handle box: 10 px plus a 2 px border (designer.module.css `.handle`). */
const HANDLE = 14

/** Where a node's handles sit, as React Flow would measure them (for an outcome: `left` = its share of the width). */
export function handleAnchors(type: string | undefined): NodeHandle[] {
  const { width: w, height: h } = NODE_SIZE
  const { target, sources } = handlesFor(type)
  const outcomes = sources.filter(s => s !== 'next')
  const out: NodeHandle[] = []
  if (target) out.push({ id: 'in', type: 'target', position: Position.Left, x: -HANDLE / 2 + 4, y: h / 2 - HANDLE / 2, width: HANDLE, height: HANDLE })
  if (sources.includes('next')) out.push({ id: 'next', type: 'source', position: Position.Right, x: w - 1 - HANDLE / 2, y: h / 2 - HANDLE / 2, width: HANDLE, height: HANDLE })
  outcomes.forEach((id, i) => out.push({
    id, type: 'source', position: Position.Bottom, x: (w * (i + 1)) / (outcomes.length + 1) - HANDLE / 2, y: h - 1 - HANDLE / 2, width: HANDLE, height: HANDLE,
  }))
  return out
}

/**
 * Size and handles given up front: React Flow then shows the node and its edges in the very first
 * render instead of after a measuring pass (what makes a 500-node flow open in one frame). The
 * real measurement still follows and corrects anything that differs.
 */
export function presized(type: string | undefined): Pick<DNode, 'measured' | 'handles'> {
  return { measured: { ...NODE_SIZE }, handles: handleAnchors(type) }
}

/** Which handles a node type shows; mirrors the outcomes packages/flow accepts per type. */
export function handlesFor(type: string | undefined): { target: boolean, sources: SourceHandle[] } {
  switch (type) {
    case 'start': return { target: false, sources: ['next'] }
    case 'end': return { target: true, sources: [] }
    case 'exclusive': case 'parallelSplit': case 'parallelJoin': return { target: true, sources: ['next'] }
    case 'approval': return { target: true, sources: ['next', 'reject', 'error'] }
    case 'waitForEvent': return { target: true, sources: ['next', 'timeout', 'error'] }
    // A boundary fires from its task, not from an incoming edge.
    case 'slaBoundary': return { target: false, sources: ['warning', 'breach'] }
    // Tasks, timers, automation and plugin types: the normal way out plus an incident edge.
    default: return { target: true, sources: ['next', 'error'] }
  }
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** True for an IR-shaped graph (edges with from/to): API imports, published versions. */
export function isIR(graph: unknown): graph is FlowIR {
  return isObj(graph) && Array.isArray(graph.nodes) && Array.isArray(graph.edges)
    && !graph.edges.some((e: unknown) => isObj(e) && 'source' in e)
    && !graph.nodes.some((n: unknown) => isObj(n) && 'position' in n)
}

/** Any saved draft or IR → canvas nodes and edges. */
export function toCanvas(graph: unknown): { nodes: DNode[], edges: DEdge[] } {
  if (!isObj(graph) || !Array.isArray(graph.nodes) || !Array.isArray(graph.edges)) return { nodes: [], edges: [] }
  const g: DesignerGraph = isIR(graph) ? decompile(graph) : (graph as unknown as DesignerGraph)
  const nodes: DNode[] = g.nodes.filter(isObj).map(n => ({
    id: String(n.id),
    type: String(n.type ?? ''),
    position: { x: Number(n.position?.x) || 0, y: Number(n.position?.y) || 0 },
    ...presized(String(n.type ?? '')),
    data: {
      ...(typeof n.data?.name === 'string' ? { name: n.data.name } : {}),
      ...(isObj(n.data?.config) ? { config: n.data.config } : {}),
    },
  }))
  return { nodes, edges: g.edges.filter(isObj).map(e => toCanvasEdge(e)) }
}

function toCanvasEdge(e: DesignerGraph['edges'][number]): DEdge {
  const handle = e.sourceHandle ?? undefined
  const on = e.data?.on ?? ((EDGE_ONS as string[]).includes(handle ?? '') ? handle as EdgeOn : undefined)
  const data: FlowEdgeData = {}
  if (on && on !== 'next') data.on = on
  if (e.data?.when !== undefined) data.when = e.data.when
  const label = e.data?.label ?? (typeof e.label === 'string' ? e.label : undefined)
  if (label) data.label = label
  return { id: String(e.id), source: String(e.source), target: String(e.target), sourceHandle: on ?? 'next', targetHandle: 'in', type: 'flow', data }
}

/** Canvas → the draft saved on the server (no selection, measurements or other UI state). */
export function toDesignerGraph(nodes: readonly DNode[], edges: readonly DEdge[]): DesignerGraph {
  return {
    nodes: nodes.map(n => ({
      id: n.id,
      type: n.type,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      data: { ...(n.data.name ? { name: n.data.name } : {}), ...(n.data.config ? { config: n.data.config } : {}) },
    })),
    edges: edges.map(e => ({
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: e.sourceHandle ?? 'next',
      data: { ...e.data },
    })),
  }
}

export function compileCanvas(nodes: readonly DNode[], edges: readonly DEdge[], meta: { key: string, version: number, name?: string }): FlowIR {
  return compile(toDesignerGraph(nodes, edges), meta)
}

/** The next free id with a prefix: n1, n2… (short ids read well in diagnostics). */
export function nextId(prefix: string, taken: Iterable<string>): string {
  let max = 0
  const re = new RegExp(`^${prefix}(\\d+)$`)
  for (const id of taken) {
    const m = re.exec(id)
    if (m) max = Math.max(max, Number(m[1]))
  }
  return `${prefix}${max + 1}`
}

/** Several fresh ids at once (paste), without rescanning for each. */
export function idAllocator(prefix: string, taken: Iterable<string>): () => string {
  let n = Number(nextId(prefix, taken).slice(prefix.length)) - 1
  return () => `${prefix}${++n}`
}
