import { BaseEdge, EdgeLabelRenderer, getBezierPath, useStore, type EdgeProps } from '@xyflow/react'
import { memo, useMemo } from 'react'
import { useT, type MessageKey } from '../../../i18n'
import { designer, useDesigner } from '../model/store'
import { useValidation } from '../model/validation'
import { summarize } from '../panel/condition/model'
import type { DEdge } from '../types'
import styles from '../designer.module.css'

/** Below this zoom, edge labels, handle names and type lines are left out. */
export const FAR_ZOOM = 0.5

/** A canvas edge: its name, outcome, condition summary or "default", coloured by diagnostics. */
function FlowEdgeView(p: EdgeProps<DEdge>) {
  const t = useT()
  const isDefault = useDesigner(s => s.defaults[p.source] === p.id)
  const badge = useValidation(s => s.edges[p.id])
  // Zoomed far out the labels are unreadable; leaving them out keeps big flows light.
  const far = useStore(s => s.transform[2] < FAR_ZOOM)
  const [path, labelX, labelY] = getBezierPath(p)
  const { data } = p
  const showLabel = !far || !!p.selected
  const text = useMemo(() => {
    if (!showLabel) return undefined
    if (data?.label) return data.label
    if (data?.on && data.on !== 'next') return t(`designer.outcome.${data.on}` as MessageKey)
    if (data?.when !== undefined) {
      return summarize(data.when, {
        and: t('designer.cond.and'), or: t('designer.cond.or'), empty: t('designer.cond.op.empty'),
        notEmpty: t('designer.cond.op.notEmpty'), contains: t('designer.cond.op.contains'), in: t('designer.cond.op.in'),
      }) ?? 'ƒ'
    }
    return isDefault ? t('designer.edge.default') : undefined
  }, [data, isDefault, t, showLabel])

  const color = badge?.severity === 'error' ? '#ff4d4f' : p.selected ? '#1677ff' : data?.on === 'error' ? '#ff7875' : '#8c8c8c'
  const labelCls = [
    styles.edgeLabel, isDefault && styles.edgeLabelDefault, badge?.severity === 'error' && styles.edgeLabelError,
    p.selected && styles.edgeLabelSelected,
  ].filter(Boolean).join(' ')

  return (
    <>
      <BaseEdge
        id={p.id}
        path={path}
        markerEnd={badge?.severity === 'error' ? 'url(#fd-arrow-error)' : 'url(#fd-arrow)'}
        style={{ stroke: color, strokeWidth: p.selected ? 2 : 1.5, strokeDasharray: data?.on && data.on !== 'next' ? '5 4' : undefined }}
        // Far out, edges are not picked by hand: skip the wide invisible hit path (623 fewer paths at 500 nodes).
        interactionWidth={far ? 0 : 16}
      />
      {text && (
        <EdgeLabelRenderer>
          <div
            className={`${labelCls} nodrag nopan`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-label-${p.id}`}
            title={text}
            onClick={() => designer.selectOnly({ edgeId: p.id })}
          >
            {isDefault && data?.label ? `${text} · ${t('designer.edge.default')}` : text}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  )
}

export const FlowEdge = memo(FlowEdgeView)

/** Arrow markers the edges point at (one SVG for the whole canvas). */
export function EdgeMarkers() {
  return (
    <svg style={{ position: 'absolute', width: 0, height: 0 }} aria-hidden>
      <defs>
        {[['fd-arrow', '#8c8c8c'], ['fd-arrow-error', '#ff4d4f']].map(([id, fill]) => (
          <marker key={id} id={id} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill={fill} />
          </marker>
        ))}
      </defs>
    </svg>
  )
}
