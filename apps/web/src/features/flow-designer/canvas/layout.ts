import type { XYPosition } from '@xyflow/react'
import type { DEdge, DNode } from '../types'

const DEFAULT_SIZE = { width: 184, height: 52 }

/**
 * Layered left-to-right layout with elkjs, loaded on first use so the ~1.5 MB engine stays out
 * of the designer's start-up bundle. An SLA boundary is laid out just after the task it watches.
 */
export async function elkLayout(nodes: readonly DNode[], edges: readonly DEdge[]): Promise<Record<string, XYPosition>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js')
  const ids = new Set(nodes.map(n => n.id))
  const links = edges.filter(e => ids.has(e.source) && ids.has(e.target)).map(e => ({ id: e.id, sources: [e.source], targets: [e.target] }))
  for (const n of nodes) {
    const task = n.type === 'slaBoundary' ? n.data.config?.attachedTo : undefined
    if (typeof task === 'string' && ids.has(task)) links.push({ id: `__boundary_${n.id}`, sources: [task], targets: [n.id] })
  }
  const result = await new ELK().layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '36',
      'elk.layered.spacing.nodeNodeBetweenLayers': '72',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: nodes.map(n => ({ id: n.id, width: n.measured?.width ?? DEFAULT_SIZE.width, height: n.measured?.height ?? DEFAULT_SIZE.height })),
    edges: links,
  })
  return Object.fromEntries((result.children ?? []).map(c => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]))
}
