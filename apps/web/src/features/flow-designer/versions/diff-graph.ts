import { autoLayout, diffVersions, type FlowDiff, type FlowIR, type Layout } from '@scrm/flow'
import type { Edge, Node } from '@xyflow/react'

export type DiffStatus = 'added' | 'removed' | 'changed' | 'same'

export interface DiffNodeData extends Record<string, unknown> {
  name?: string
  status: DiffStatus
  fields: string[]
}

const EDGE_COLORS: Record<DiffStatus, string> = { added: '#52c41a', removed: '#ff4d4f', changed: '#fa8c16', same: '#bfbfbf' }

/**
 * Both versions on one canvas: the newer one's nodes and edges plus what the older one had and
 * the newer one dropped, each marked added / removed / changed (diffVersions from packages/flow).
 * Positions come from the current draft when it has every node, else from an auto-layout.
 */
export function diffGraph(a: FlowIR, b: FlowIR, draftLayout: Layout): { diff: FlowDiff, nodes: Node<DiffNodeData>[], edges: Edge[] } {
  const diff = diffVersions(a, b)
  const status = new Map<string, DiffStatus>()
  const fields = new Map<string, string[]>()
  diff.nodes.added.forEach(n => status.set(n.id, 'added'))
  diff.nodes.removed.forEach(n => status.set(n.id, 'removed'))
  diff.nodes.changed.forEach((c) => { status.set(c.id, 'changed'); fields.set(c.id, c.fields) })
  const union: FlowIR = { ...b, nodes: [...b.nodes, ...diff.nodes.removed], edges: [...b.edges, ...diff.edges.removed] }
  const layout = union.nodes.every(n => draftLayout[n.id]) ? draftLayout : autoLayout(union)

  const edgeStatus = new Map<string, DiffStatus>()
  diff.edges.added.forEach(e => edgeStatus.set(e.id, 'added'))
  diff.edges.removed.forEach(e => edgeStatus.set(e.id, 'removed'))
  diff.edges.changed.forEach(c => edgeStatus.set(c.id, 'changed'))

  return {
    diff,
    nodes: union.nodes.map(n => ({
      id: n.id,
      type: n.type,
      position: layout[n.id] ?? { x: 0, y: 0 },
      data: { name: n.name, status: status.get(n.id) ?? 'same', fields: fields.get(n.id) ?? [] },
      draggable: false,
      connectable: false,
    })),
    edges: union.edges.map((e) => {
      const s = edgeStatus.get(e.id) ?? 'same'
      return {
        id: e.id, source: e.from, target: e.to, sourceHandle: e.on && e.on !== 'next' ? e.on : 'next', targetHandle: 'in',
        label: e.label, animated: s === 'added',
        style: { stroke: EDGE_COLORS[s], strokeWidth: s === 'same' ? 1 : 2, strokeDasharray: s === 'removed' ? '6 4' : undefined },
      }
    }),
  }
}
