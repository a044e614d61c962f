import { DeleteOutlined, HolderOutlined } from '@ant-design/icons'
import type { FieldDef, FieldType } from '@scrm/forms'
import { Button, Empty, Tag, Tooltip } from 'antd'
import { useState } from 'react'
import { useLocaleStore, useT, type MessageKey } from '../../../i18n'
import { currentDrag, endDrag, startDrag } from '../model/dnd'
import type { EditorProblem } from '../model/problems'
import styles from '../templates.module.css'

interface Props {
  fields: FieldDef[]
  selectedKey: string | null
  problems: EditorProblem[]
  onSelect: (key: string) => void
  onAdd: (type: FieldType, index: number) => void
  onMove: (from: number, to: number) => void
  onRemove: (key: string) => void
}

/** Where a drop over a card lands: before it when over its top half, after it otherwise. */
function dropIndex(e: React.DragEvent, index: number): number {
  const box = (e.currentTarget as HTMLElement).getBoundingClientRect()
  return e.clientY < box.top + box.height / 2 ? index : index + 1
}

/** The form being designed: drop palette items in, drag cards to reorder, click one to edit it. */
export function FormCanvas({ fields, selectedKey, problems, onSelect, onAdd, onMove, onRemove }: Props) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const [insertAt, setInsertAt] = useState<number | null>(null)

  const over = (e: React.DragEvent, index: number) => {
    if (!currentDrag()) return
    e.preventDefault()
    e.stopPropagation()
    e.dataTransfer.dropEffect = currentDrag()!.kind === 'new' ? 'copy' : 'move'
    setInsertAt(index)
  }
  const drop = (e: React.DragEvent) => {
    const payload = currentDrag()
    e.preventDefault()
    e.stopPropagation()
    const at = insertAt ?? fields.length
    setInsertAt(null)
    endDrag()
    if (!payload) return
    if (payload.kind === 'new') onAdd(payload.type, at)
    else if (at !== payload.index && at !== payload.index + 1) onMove(payload.index, at)
  }

  return (
    <div
      className={styles.canvas}
      data-testid="form-canvas"
      onDragOver={e => over(e, fields.length)}
      onDragLeave={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node)) setInsertAt(null) }}
      onDrop={drop}
    >
      {fields.length === 0 && <Empty description={t('tpl.canvas.empty')} className={styles.canvasEmpty} />}
      {fields.map((f, i) => {
        const errs = problems.filter(p => p.fieldIndex === i)
        return (
          <div key={`${i}-${f.key}`}>
            {insertAt === i && <div className={styles.insertLine} />}
            <div
              className={`${styles.fieldCard} ${f.key === selectedKey ? styles.fieldCardSelected : ''} ${errs.length ? styles.fieldCardError : ''}`}
              data-testid={`field-card-${f.key}`}
              data-index={i}
              draggable
              onDragStart={e => startDrag(e, { kind: 'move', index: i })}
              onDragEnd={() => { endDrag(); setInsertAt(null) }}
              onDragOver={e => over(e, dropIndex(e, i))}
              onClick={() => onSelect(f.key)}
            >
              <HolderOutlined className={styles.grip} />
              <div className={styles.fieldCardBody}>
                <div>
                  {f.required && <span className={styles.requiredMark}>*</span>}
                  <strong>{f.label[locale] || f.key}</strong>
                  <Tag className={styles.typeTag}>{t(`tpl.type.${f.type}` as MessageKey)}</Tag>
                  {f.hidden && <Tag>{t('tpl.field.hiddenTag')}</Tag>}
                </div>
                <code className={styles.fieldKey}>{f.key}</code>
                {errs.map((p, j) => <div key={j} className={styles.problem} data-testid="field-problem">{p.message}</div>)}
              </div>
              <Tooltip title={t('tpl.field.remove')}>
                <Button
                  type="text"
                  size="small"
                  icon={<DeleteOutlined />}
                  aria-label={t('tpl.field.remove')}
                  data-testid={`remove-${f.key}`}
                  onClick={(e) => { e.stopPropagation(); onRemove(f.key) }}
                />
              </Tooltip>
            </div>
          </div>
        )
      })}
      {insertAt === fields.length && fields.length > 0 && <div className={styles.insertLine} />}
    </div>
  )
}
