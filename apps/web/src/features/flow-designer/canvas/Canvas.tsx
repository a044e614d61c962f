import {
  Background, Controls, getViewportForBounds, MiniMap, ReactFlow, useReactFlow,
  type Connection, type Edge, type IsValidConnection, type NodeTypes, type Rect, type Viewport,
} from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { useCallback, useLayoutEffect, useState, type RefObject } from 'react'
import { useT } from '../../../i18n'
import { schemaFor } from '../model/catalog'
import { initialConfig } from '../model/defaults'
import { handlesFor, NODE_SIZE } from '../model/graph'
import { designer, useDesigner } from '../model/store'
import type { DEdge, DNode } from '../types'
import styles from '../designer.module.css'
import { useAfterFirstPaint } from './afterFirstPaint'
import { EdgeMarkers, FlowEdge } from './FlowEdge'
import { FlowNode } from './FlowNode'
import type { PaletteDrop } from './Palette'

// Every flow type (core or plugin, even one no longer installed) renders with FlowNode. Module
// constants, so React Flow never sees new type maps and never remounts nodes.
const NODE_TYPES = new Proxy({}, { get: () => FlowNode }) as NodeTypes
const EDGE_TYPES = { flow: FlowEdge }
/** From this size on, only what is in view is rendered (editing zooms show a few dozen nodes). */
const VIRTUALIZE_FROM = 150

const isValidConnection: IsValidConnection<DEdge> = (c: Connection | Edge) => {
  if (c.source === c.target) return false
  const { nodes } = useDesigner.getState()
  const target = nodes.find(n => n.id === c.target)
  return !!target && handlesFor(target.type).target
}

const miniMapColor = (n: DNode) => (n.selected ? '#1677ff' : '#bfbfbf')

export function Canvas({ containerRef }: { containerRef: RefObject<HTMLDivElement | null> }) {
  const t = useT()
  const nodes = useDesigner(s => s.nodes)
  const edges = useDesigner(s => s.edges)
  const viewport = useOpeningViewport(containerRef)
  const showMiniMap = useAfterFirstPaint()
  return (
    <div className={styles.canvas} ref={containerRef} data-testid="canvas">
      <EdgeMarkers />
      {nodes.length === 0 && <div className={styles.emptyHint}>{t('designer.canvas.empty')}</div>}
      {viewport && (
      <ReactFlow<DNode, DEdge>
        defaultViewport={viewport}
        onlyRenderVisibleElements={nodes.length >= VIRTUALIZE_FROM}
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={designer.onNodesChange}
        onEdgesChange={designer.onEdgesChange}
        onConnect={designer.connect}
        isValidConnection={isValidConnection}
        onNodeDragStart={designer.beginDrag}
        onNodeDragStop={designer.endDrag}
        onSelectionDragStart={designer.beginDrag}
        onSelectionDragStop={designer.endDrag}
        deleteKeyCode={null}
        connectionRadius={28}
        minZoom={0.05}
        maxZoom={2}
        snapToGrid
        snapGrid={[8, 8]}
      >
        <Background gap={16} size={1} />
        {showMiniMap && <MiniMap pannable zoomable nodeColor={miniMapColor} />}
        <Controls showInteractive={false} fitViewOptions={{ maxZoom: 1 }} />
      </ReactFlow>
      )}
    </div>
  )
}

/**
 * The view the flow opens with: fitted to the nodes, computed before React Flow's first render
 * (nodes have a known size), so the first frame is the final picture with no fit-view pass.
 */
function useOpeningViewport(containerRef: RefObject<HTMLDivElement | null>): Viewport | null {
  const [viewport, setViewport] = useState<Viewport | null>(null)
  useLayoutEffect(() => {
    const rect = containerRef.current?.getBoundingClientRect()
    const { nodes } = useDesigner.getState()
    if (!rect || nodes.length === 0) return setViewport({ x: 0, y: 0, zoom: 1 })
    setViewport(getViewportForBounds(boundsOf(nodes), rect.width, rect.height, 0.05, 1, 0.1))
  }, [containerRef])
  return viewport
}

/** The box around all nodes (top-level nodes with known sizes: the designer has no sub-flows). */
function boundsOf(nodes: readonly DNode[]): Rect {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const n of nodes) {
    const w = n.measured?.width ?? NODE_SIZE.width
    const h = n.measured?.height ?? NODE_SIZE.height
    x0 = Math.min(x0, n.position.x)
    y0 = Math.min(y0, n.position.y)
    x1 = Math.max(x1, n.position.x + w)
    y1 = Math.max(y1, n.position.y + h)
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}

/** Turn a palette drop (or click) into a node under the pointer (or in the middle of the view). */
export function usePaletteDrop(containerRef: RefObject<HTMLDivElement | null>): PaletteDrop {
  const { screenToFlowPosition } = useReactFlow()
  return useCallback((type, at) => {
    const rect = containerRef.current?.getBoundingClientRect()
    if (!rect) return
    if (at && (at.x < rect.left || at.x > rect.right || at.y < rect.top || at.y > rect.bottom)) return
    const point = at ?? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }
    const p = screenToFlowPosition(point)
    const config = initialConfig(schemaFor(type))
    // Names stay empty: the node shows its type's label in the current language until named.
    designer.addNode(type, { x: Math.round(p.x - NODE_SIZE.width / 2), y: Math.round(p.y - NODE_SIZE.height / 2) }, config ? { config } : {})
  }, [containerRef, screenToFlowPosition])
}
