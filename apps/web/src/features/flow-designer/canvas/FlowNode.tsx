import { Handle, Position, useStore, useUpdateNodeInternals, type NodeProps } from '@xyflow/react'
import { memo, useEffect, useState, type CSSProperties } from 'react'
import { localeInfo, useLocaleStore, type MessageKey } from '../../../i18n'
import { useCatalog } from '../model/catalog'
import { handlesFor } from '../model/graph'
import { useDesigner } from '../model/store'
import { useValidation } from '../model/validation'
import type { DNode } from '../types'
import styles from '../designer.module.css'
import { FAR_ZOOM } from './FlowEdge'
import { CanvasIcon } from './icons'

const CATEGORY_CLASS: Record<string, string | undefined> = {
  event: styles.event, gateway: styles.gateway, automation: styles.automation,
}

/**
 * One canvas node. Memoized, and it reads only its own badge, its type's catalog entry and whether
 * it has an error edge, so dragging one node or re-validating re-renders just the nodes whose
 * output changed. Kept to a handful of DOM elements: a 500-node flow lays out 500 of these.
 */
function FlowNodeView({ id, type, data, selected }: NodeProps<DNode>) {
  const locale = useLocaleStore(s => s.locale)
  const info = useCatalog(s => s.byType[type])
  const badge = useValidation(s => s.nodes[id])
  const hasErrorEdge = useDesigner(s => s.errorSources.has(id))
  const [hovered, setHovered] = useState(false)
  // Zoomed far out only the name is readable: the rest is not even rendered (a 500-node flow
  // opens fitted, i.e. far out).
  const far = useStore(s => s.transform[2] < FAR_ZOOM)
  const messages = localeInfo[locale].messages
  const { target, sources } = handlesFor(type)
  const typeLabel = info?.label[locale] ?? type
  // Every task can have an 'error' way out, but that handle appears only when it is in use or the
  // node is pointed at: 500 always-on handles would cost more than the rest of the node.
  const showError = selected || hovered || hasErrorEdge
  const outcomes = sources.filter(h => h !== 'next' && (h !== 'error' || showError))
  const handleKey = outcomes.join()
  const updateNodeInternals = useUpdateNodeInternals()
  // A handle that appears or goes must be re-measured, or edges from it cannot be drawn.
  useEffect(() => { if (handleKey.includes('error')) updateNodeInternals(id) }, [handleKey, id, updateNodeInternals])

  const cls = [
    styles.node, CATEGORY_CLASS[info?.category ?? ''], selected && styles.selected,
    badge && (badge.severity === 'error' ? styles.hasError : styles.hasWarning),
  ].filter(Boolean).join(' ')
  const outcomeLabel = (h: string) => messages[`designer.outcome.${h}` as MessageKey]

  return (
    <div
      className={cls}
      data-severity={badge?.severity}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
    >
      {target && <Handle type="target" position={Position.Left} id="in" className={styles.handle} />}
      <CanvasIcon type={type} icon={info?.icon} className={styles.nodeIcon} />
      <div className={styles.nodeText}>
        <div className={styles.nodeName}>{data.name || typeLabel}</div>
        {!far && <div className={styles.nodeType}>{typeLabel} · {id}</div>}
      </div>
      {badge && (
        <span className={`${styles.badge} ${badge.severity === 'error' ? styles.badgeError : styles.badgeWarning}`} data-testid={`badge-${id}`}>
          {badge.count}
        </span>
      )}
      {sources.includes('next') && (
        <Handle type="source" position={Position.Right} id="next" className={styles.handle} title={outcomeLabel('next')} />
      )}
      {outcomes.map((h, i) => {
        // Outcome handles sit along the bottom, spread evenly, each with its name.
        const style: CSSProperties = { left: `${((i + 1) * 100) / (outcomes.length + 1)}%` }
        return (
          <Handle
            key={h}
            type="source"
            position={Position.Bottom}
            id={h}
            style={style}
            className={`${styles.handle} ${h === 'error' ? styles.handleError : styles.handleOutcome}`}
            title={outcomeLabel(h)}
            data-testid={`handle-${id}-${h}`}
          >
            {!far && <span className={styles.handleLabel}>{outcomeLabel(h)}</span>}
          </Handle>
        )
      })}
    </div>
  )
}

export const FlowNode = memo(FlowNodeView)
