/**
 * Designer graph (React Flow shape) ⇄ IR. compile() strips everything visual and sorts nodes and
 * edges by id, so the same drawing always publishes byte-identical JSON (diffable, hashable).
 * decompile() gives the designer a graph back, with saved positions or an auto-layout.
 */

import { EDGE_ONS, type Condition, type EdgeOn, type FlowEdge, type FlowIR, type FlowNode } from './ir.js'
import { autoLayout, type Layout, type Position } from './layout.js'
import { cloneJson, compareIds } from './util.js'

export interface DesignerNodeData {
  name?: string
  config?: Record<string, unknown>
  /** Anything else the designer keeps on a node (icons, UI state) is dropped by compile(). */
  [key: string]: unknown
}

export interface DesignerNode {
  id: string
  type?: string
  position: Position
  data?: DesignerNodeData
  [key: string]: unknown
}

export interface DesignerEdgeData {
  when?: Condition
  on?: EdgeOn
  label?: string
  [key: string]: unknown
}

export interface DesignerEdge {
  id: string
  source: string
  target: string
  /** The node handle the edge leaves from; 'reject', 'breach', … name an outcome (see EdgeOn). */
  sourceHandle?: string | null
  targetHandle?: string | null
  label?: unknown
  data?: DesignerEdgeData
  [key: string]: unknown
}

export interface DesignerGraph {
  nodes: DesignerNode[]
  edges: DesignerEdge[]
}

export interface CompileOptions {
  key: string
  version: number
  name?: string
}

export function compile(graph: DesignerGraph, options: CompileOptions): FlowIR {
  const ir: FlowIR = { key: options.key, version: options.version, nodes: [], edges: [] }
  if (options.name) ir.name = options.name
  ir.nodes = graph.nodes.map(compileNode).sort((a, b) => compareIds(a.id, b.id))
  ir.edges = graph.edges.map(compileEdge).sort((a, b) => compareIds(a.id, b.id))
  return ir
}

function compileNode(n: DesignerNode): FlowNode {
  // Keys in a fixed order so JSON.stringify of the IR is canonical.
  const node: FlowNode = { id: n.id, type: n.type ?? '' }
  const name = n.data?.name
  if (typeof name === 'string' && name !== '') node.name = name
  const config = n.data?.config
  if (config && typeof config === 'object' && Object.keys(config).length > 0) node.config = cloneJson(config)
  return node
}

function compileEdge(e: DesignerEdge): FlowEdge {
  const edge: FlowEdge = { id: e.id, from: e.source, to: e.target }
  const on = edgeOutcome(e)
  if (on !== undefined && on !== 'next') edge.on = on
  if (e.data?.when !== undefined) edge.when = cloneJson(e.data.when)
  const label = e.data?.label ?? (typeof e.label === 'string' ? e.label : undefined)
  if (typeof label === 'string' && label !== '') edge.label = label
  return edge
}

/**
 * An explicit `data.on` wins; otherwise a source handle named after an outcome is that outcome.
 * Other handle names (`out`, `bottom`…) are just where the line was drawn from.
 */
function edgeOutcome(e: DesignerEdge): EdgeOn | undefined {
  if (e.data?.on !== undefined) return e.data.on // kept even if unknown: validate() reports it
  const handle = e.sourceHandle ?? undefined
  return handle !== undefined && (EDGE_ONS as string[]).includes(handle) ? (handle as EdgeOn) : undefined
}

/**
 * IR → designer graph. `layout` holds saved positions (see extractLayout); nodes without one are
 * placed by autoLayout. Outcome edges get a matching sourceHandle so they attach to the right port.
 */
export function decompile(ir: FlowIR, layout: Layout = {}): DesignerGraph {
  const needsAuto = ir.nodes.some((n) => !Object.hasOwn(layout, n.id))
  const positions: Layout = needsAuto ? Object.assign(autoLayout(ir), layout) : layout
  return {
    nodes: ir.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      position: { ...positions[n.id] },
      data: {
        ...(n.name !== undefined ? { name: n.name } : {}),
        ...(n.config !== undefined ? { config: cloneJson(n.config) } : {}),
      },
    })),
    edges: ir.edges.map(decompileEdge),
  }
}

function decompileEdge(e: FlowEdge): DesignerEdge {
  const edge: DesignerEdge = { id: e.id, source: e.from, target: e.to }
  if (e.on && e.on !== 'next') edge.sourceHandle = e.on
  const data: DesignerEdgeData = {}
  if (e.on && e.on !== 'next') data.on = e.on
  if (e.when !== undefined) data.when = cloneJson(e.when)
  if (e.label !== undefined) data.label = e.label
  edge.data = data
  return edge
}

/** Positions of a designer graph, to store beside the IR (compile() drops them). */
export function extractLayout(graph: DesignerGraph): Layout {
  const layout: Layout = {}
  for (const n of graph.nodes) layout[n.id] = { x: n.position.x, y: n.position.y }
  return layout
}
