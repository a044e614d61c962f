import { Handle, Position, type NodeProps } from '@xyflow/react'
import { memo, type CSSProperties } from 'react'
import { useLocaleStore, useT, type MessageKey } from '../../../i18n'
import { useCatalog } from '../model/catalog'
import { handlesFor } from '../model/graph'
import { useValidation } from '../model/validation'
import type { DNode } from '../types'
import styles from '../designer.module.css'
import { NodeIcon } from './icons'

const CATEGORY_CLASS: Record<string, string | undefined> = {
  event: styles.event, gateway: styles.gateway, automation: styles.automation,
}

/**
 * One canvas node. Memoized, and it reads only its own badge and its type's catalog entry, so
 * dragging one node or re-validating re-renders just the nodes whose output changed.
 */
function FlowNodeView({ id, type, data, selected }: NodeProps<DNode>) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const info = useCatalog(s => s.byType[type])
  const badge = useValidation(s => s.nodes[id])
  const { target, sources } = handlesFor(type)
  const typeLabel = info?.label[locale] ?? type
  const outcomes = sources.filter(h => h !== 'next')
  const cls = [
    styles.node, CATEGORY_CLASS[info?.category ?? ''], selected && styles.selected,
    badge && (badge.severity === 'error' ? styles.hasError : styles.hasWarning),
  ].filter(Boolean).join(' ')

  return (
    <div className={cls} data-testid={`node-${id}`} data-node-type={type} data-severity={badge?.severity}>
      {target && <Handle type="target" position={Position.Left} id="in" className={styles.handle} />}
      <NodeIcon type={type} icon={info?.icon} className={styles.nodeIcon} />
      <div className={styles.nodeText}>
        <div className={styles.nodeName}>{data.name || typeLabel}</div>
        <div className={styles.nodeType}>{typeLabel} · {id}</div>
      </div>
      {badge && (
        <span
          className={`${styles.badge} ${badge.severity === 'error' ? styles.badgeError : styles.badgeWarning}`}
          data-testid={`badge-${id}`}
        >
          {badge.count}
        </span>
      )}
      {sources.includes('next') && (
        <Handle type="source" position={Position.Right} id="next" className={styles.handle} title={t('designer.outcome.next')} />
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
            title={t(`designer.outcome.${h}` as MessageKey)}
            data-testid={`handle-${id}-${h}`}
          >
            <span className={styles.handleLabel}>{t(`designer.outcome.${h}` as MessageKey)}</span>
          </Handle>
        )
      })}
    </div>
  )
}

export const FlowNode = memo(FlowNodeView)
