import { Alert, Spin, Typography } from 'antd'
import { createPortal } from 'react-dom'
import { useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react'
import { useLocaleStore, useT, type MessageKey } from '../../../i18n'
import { CATEGORY_ORDER, useCatalog } from '../model/catalog'
import type { NodeTypeInfo } from '../types'
import styles from '../designer.module.css'
import { NodeIcon } from './icons'

/** Where a palette item was dropped (client coordinates), or null for a plain click. */
export type PaletteDrop = (type: string, at: { x: number, y: number } | null) => void

const DRAG_THRESHOLD = 4

/**
 * The tenant's node types, grouped by category. Dragging uses pointer events rather than HTML5
 * drag-and-drop: it works the same with a mouse, a pen or a finger, and shows our own ghost.
 */
export function Palette({ onDrop }: { onDrop: PaletteDrop }) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const { status, nodeTypes } = useCatalog()
  const [ghost, setGhost] = useState<{ info: NodeTypeInfo, x: number, y: number } | null>(null)
  const drag = useRef<{ startX: number, startY: number, moved: boolean } | null>(null)

  const groups = useMemo(() => {
    const by = new Map<string, NodeTypeInfo[]>()
    for (const n of nodeTypes) by.set(n.category, [...(by.get(n.category) ?? []), n])
    const order = [...CATEGORY_ORDER.filter(c => by.has(c)), ...[...by.keys()].filter(c => !CATEGORY_ORDER.includes(c)).sort()]
    return order.map(c => ({ category: c, items: by.get(c)! }))
  }, [nodeTypes])

  const start = (info: NodeTypeInfo, e: ReactPointerEvent) => {
    if (e.button !== 0) return
    e.preventDefault()
    drag.current = { startX: e.clientX, startY: e.clientY, moved: false }
    const move = (ev: PointerEvent) => {
      const d = drag.current
      if (!d) return
      if (!d.moved && Math.hypot(ev.clientX - d.startX, ev.clientY - d.startY) < DRAG_THRESHOLD) return
      d.moved = true
      setGhost({ info, x: ev.clientX, y: ev.clientY })
    }
    const up = (ev: PointerEvent) => {
      window.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', up)
      const moved = drag.current?.moved
      drag.current = null
      setGhost(null)
      onDrop(info.type, moved ? { x: ev.clientX, y: ev.clientY } : null)
    }
    window.addEventListener('pointermove', move)
    window.addEventListener('pointerup', up)
  }

  const categoryLabel = (c: string) =>
    (CATEGORY_ORDER.includes(c) ? t(`designer.category.${c}` as MessageKey) : c)

  return (
    <div className={styles.palette} data-testid="palette">
      <Typography.Text strong>{t('designer.palette.title')}</Typography.Text>
      <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('designer.palette.hint')}</Typography.Text></div>
      {status === 'loading' && <Spin size="small" style={{ marginTop: 16 }} />}
      {status === 'error' && <Alert type="error" showIcon title={t('designer.palette.loadFailed')} style={{ marginTop: 8 }} />}
      {groups.map(g => (
        <div key={g.category}>
          <div className={styles.paletteGroup}>{categoryLabel(g.category)}</div>
          {g.items.map(info => (
            <div
              key={info.type}
              className={styles.paletteItem}
              data-testid={`palette-${info.type}`}
              title={info.description?.[locale] ?? info.label[locale]}
              onPointerDown={e => start(info, e)}
            >
              <NodeIcon type={info.type} icon={info.icon} />
              <span>{info.label[locale]}</span>
            </div>
          ))}
        </div>
      ))}
      {ghost && createPortal(
        <div className={`${styles.paletteItem} ${styles.ghost}`} style={{ left: ghost.x - 60, top: ghost.y - 16 }}>
          <NodeIcon type={ghost.info.type} icon={ghost.info.icon} />
          <span>{ghost.info.label[locale]}</span>
        </div>,
        document.body,
      )}
    </div>
  )
}
