/**
 * The designer's state: canvas nodes/edges plus undo/redo history. History entries are the
 * (immutable) node and edge arrays themselves, so a snapshot costs two references, not a copy.
 * Moves and selection never bump `structure`, which is what live validation listens to.
 */
import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange, type XYPosition } from '@xyflow/react'
import { create } from 'zustand'
import type { DEdge, DNode, FlowEdgeData, FlowNodeData, FlowRecord } from '../types'
import { idAllocator, nextId, presized } from './graph'

interface Snapshot { nodes: DNode[], edges: DEdge[] }

const HISTORY_LIMIT = 100
/** Edits with the same key within this window (typing in one field) make one undo step. */
const COALESCE_MS = 1000

export interface DesignerState {
  flow: FlowRecord | null
  nodes: DNode[]
  edges: DEdge[]
  past: Snapshot[]
  future: Snapshot[]
  /** Bumped on every content change; the draft is dirty while it differs from savedRevision. */
  revision: number
  savedRevision: number
  /** Bumped when something validation cares about changes (not on moves or selection). */
  structure: number
  /** Exclusive gateway id → its default edge id, so edges can show "default" cheaply. */
  defaults: Record<string, string>
  /** Nodes with an 'error' edge: they keep their error handle shown (see FlowNode). */
  errorSources: Set<string>
  clipboard: Snapshot | null
  pasteCount: number
  dragging: boolean
  lastEdit: { key: string, at: number } | null
}

const initial: DesignerState = {
  flow: null, nodes: [], edges: [], past: [], future: [], revision: 0, savedRevision: 0, structure: 0,
  defaults: {}, errorSources: new Set(), clipboard: null, pasteCount: 0, dragging: false, lastEdit: null,
}

export const useDesigner = create<DesignerState>(() => initial)
const get = useDesigner.getState
const set = useDesigner.setState

function defaultsOf(nodes: readonly DNode[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const n of nodes) {
    const d = n.type === 'exclusive' ? n.data.config?.default : undefined
    if (typeof d === 'string' && d) out[n.id] = d
  }
  return out
}

function errorSourcesOf(edges: readonly DEdge[]): Set<string> {
  return new Set(edges.filter(e => e.data?.on === 'error').map(e => e.source))
}

/** Push the current graph onto the undo stack (unless it continues the last coalesced edit). */
function history(key?: string): Partial<DesignerState> {
  const s = get()
  const now = Date.now()
  if (key && s.lastEdit?.key === key && now - s.lastEdit.at < COALESCE_MS) return { lastEdit: { key, at: now } }
  return {
    past: [...s.past.slice(1 - HISTORY_LIMIT), { nodes: s.nodes, edges: s.edges }],
    future: [],
    lastEdit: key ? { key, at: now } : null,
  }
}

/** Apply a content change as one undo step. */
function commit(next: Partial<Snapshot>, key?: string): void {
  const s = get()
  const nodes = next.nodes ?? s.nodes
  set({
    ...history(key),
    ...next,
    defaults: next.nodes ? defaultsOf(nodes) : s.defaults,
    errorSources: next.edges ? errorSourcesOf(next.edges) : s.errorSources,
    revision: s.revision + 1,
    structure: s.structure + 1,
  })
}

const select = <T extends { selected?: boolean }>(item: T, on: boolean): T =>
  (!!item.selected === on ? item : { ...item, selected: on })

export const designer = {
  load(flow: FlowRecord, nodes: DNode[], edges: DEdge[]) {
    set({ ...initial, flow, nodes, edges, defaults: defaultsOf(nodes), errorSources: errorSourcesOf(edges), structure: get().structure + 1 })
  },
  /** Forget the open flow (leaving the designer): reopening must not show a stale canvas. */
  unload() {
    set({ ...initial, structure: get().structure + 1 })
  },
  setFlow(flow: FlowRecord, saved?: number) {
    set(s => ({ flow, savedRevision: saved ?? s.savedRevision }))
  },

  onNodesChange(changes: NodeChange<DNode>[]) {
    const s = get()
    const moved = changes.some(c => c.type === 'position' && c.position)
    // Keyboard nudges move nodes without a drag: each burst is one undo step.
    const extra = moved && !s.dragging ? { ...history('nudge'), revision: s.revision + 1 } : {}
    set({ ...extra, nodes: applyNodeChanges(changes, s.nodes) })
  },
  onEdgesChange(changes: EdgeChange<DEdge>[]) {
    set(s => ({ edges: applyEdgeChanges(changes, s.edges) }))
  },
  beginDrag() {
    set(s => ({ ...history(), dragging: true, revision: s.revision + 1 }))
  },
  endDrag() {
    set({ dragging: false })
  },

  connect(c: Connection): string | undefined {
    const { edges } = get()
    const handle = c.sourceHandle ?? 'next'
    if (edges.some(e => e.source === c.source && e.target === c.target && (e.sourceHandle ?? 'next') === handle)) return undefined
    const id = nextId('e', edges.map(e => e.id))
    const data: FlowEdgeData = handle === 'next' ? {} : { on: handle as FlowEdgeData['on'] }
    const edge: DEdge = { id, source: c.source, target: c.target, sourceHandle: handle, targetHandle: 'in', type: 'flow', data }
    commit({ edges: [...edges, edge] })
    return id
  },

  addNode(type: string, position: XYPosition, data: FlowNodeData): string {
    const { nodes, edges } = get()
    const id = nextId('n', nodes.map(n => n.id))
    commit({
      nodes: [...nodes.map(n => select(n, false)), { id, type, position, data, selected: true, ...presized(type) }],
      edges: edges.map(e => select(e, false)),
    })
    return id
  },

  updateNode(id: string, patch: Partial<FlowNodeData>, key?: string) {
    const nodes = get().nodes.map(n => (n.id === id ? { ...n, data: { ...n.data, ...patch } } : n))
    commit({ nodes }, key && `node:${id}:${key}`)
  },
  updateEdge(id: string, patch: Partial<FlowEdgeData>, key?: string) {
    const edges = get().edges.map(e => (e.id === id ? { ...e, data: { ...e.data, ...patch } } : e))
    commit({ edges }, key && `edge:${id}:${key}`)
  },
  setDefaultEdge(gatewayId: string, edgeId: string | undefined) {
    const nodes = get().nodes.map((n) => {
      if (n.id !== gatewayId) return n
      const { default: _old, ...rest } = n.data.config ?? {}
      return { ...n, data: { ...n.data, config: edgeId ? { ...rest, default: edgeId } : rest } }
    })
    commit({ nodes })
  },

  /** Select exactly one node or edge (e.g. from the problems list). */
  selectOnly(target: { nodeId?: string, edgeId?: string }) {
    set(s => ({
      nodes: s.nodes.map(n => select(n, n.id === target.nodeId)),
      edges: s.edges.map(e => select(e, e.id === target.edgeId)),
    }))
  },

  deleteSelection(): number {
    const { nodes, edges } = get()
    const gone = new Set(nodes.filter(n => n.selected).map(n => n.id))
    const goneEdges = new Set(edges.filter(e => e.selected || gone.has(e.source) || gone.has(e.target)).map(e => e.id))
    if (!gone.size && !goneEdges.size) return 0
    const kept = nodes.filter(n => !gone.has(n.id)).map((n) => {
      const d = n.type === 'exclusive' ? n.data.config?.default : undefined
      if (typeof d !== 'string' || !goneEdges.has(d)) return n
      const { default: _d, ...rest } = n.data.config!
      return { ...n, data: { ...n.data, config: rest } }
    })
    commit({ nodes: kept, edges: edges.filter(e => !goneEdges.has(e.id)) })
    return gone.size + goneEdges.size
  },

  copy(): number {
    const { nodes, edges } = get()
    const picked = nodes.filter(n => n.selected)
    const ids = new Set(picked.map(n => n.id))
    set({ clipboard: { nodes: picked, edges: edges.filter(e => ids.has(e.source) && ids.has(e.target)) }, pasteCount: 0 })
    return picked.length
  },

  paste(): number {
    const { clipboard, nodes, edges, pasteCount } = get()
    if (!clipboard?.nodes.length) return 0
    const offset = 40 * (pasteCount + 1)
    const newNode = idAllocator('n', nodes.map(n => n.id))
    const newEdge = idAllocator('e', edges.map(e => e.id))
    const nodeIds = new Map(clipboard.nodes.map(n => [n.id, newNode()]))
    const edgeIds = new Map(clipboard.edges.map(e => [e.id, newEdge()]))
    const pastedNodes = clipboard.nodes.map((n) => {
      const config = n.data.config && { ...n.data.config }
      // A copied gateway keeps its default only when that edge was copied with it.
      if (config && typeof config.default === 'string') {
        if (edgeIds.has(config.default)) config.default = edgeIds.get(config.default)
        else delete config.default
      }
      return { id: nodeIds.get(n.id)!, type: n.type, position: { x: n.position.x + offset, y: n.position.y + offset }, data: { ...n.data, ...(config ? { config } : {}) }, selected: true, ...presized(n.type) }
    })
    const pastedEdges = clipboard.edges.map(e => ({
      ...e, id: edgeIds.get(e.id)!, source: nodeIds.get(e.source)!, target: nodeIds.get(e.target)!, selected: false,
    }))
    commit({ nodes: [...nodes.map(n => select(n, false)), ...pastedNodes], edges: [...edges.map(e => select(e, false)), ...pastedEdges] })
    set({ pasteCount: pasteCount + 1 })
    return pastedNodes.length
  },

  applyPositions(positions: Record<string, XYPosition>) {
    commit({ nodes: get().nodes.map(n => (positions[n.id] ? { ...n, position: positions[n.id] } : n)) })
  },
  replaceGraph(nodes: DNode[], edges: DEdge[]) {
    commit({ nodes, edges })
  },

  undo() {
    const s = get()
    const prev = s.past.at(-1)
    if (!prev) return
    set({
      ...prev, past: s.past.slice(0, -1), future: [{ nodes: s.nodes, edges: s.edges }, ...s.future],
      defaults: defaultsOf(prev.nodes), errorSources: errorSourcesOf(prev.edges), revision: s.revision + 1, structure: s.structure + 1, lastEdit: null,
    })
  },
  redo() {
    const s = get()
    const next = s.future[0]
    if (!next) return
    set({
      ...next, future: s.future.slice(1), past: [...s.past, { nodes: s.nodes, edges: s.edges }],
      defaults: defaultsOf(next.nodes), errorSources: errorSourcesOf(next.edges), revision: s.revision + 1, structure: s.structure + 1, lastEdit: null,
    })
  },
}
