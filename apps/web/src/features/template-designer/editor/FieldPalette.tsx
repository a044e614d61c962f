import type { FieldType } from '@scrm/forms'
import { Typography } from 'antd'
import { useT, type MessageKey } from '../../../i18n'
import { PALETTE_GROUPS } from '../model/fields'
import { endDrag, startDrag } from '../model/dnd'
import styles from '../templates.module.css'

/** The 16 field types, dragged (HTML5 drag-and-drop) into the form; a double click appends one. */
export function FieldPalette({ onAdd }: { onAdd: (type: FieldType) => void }) {
  const t = useT()
  return (
    <div className={styles.palette} data-testid="field-palette">
      <Typography.Text strong>{t('tpl.palette.title')}</Typography.Text>
      <div><Typography.Text type="secondary" className={styles.hint}>{t('tpl.palette.hint')}</Typography.Text></div>
      {PALETTE_GROUPS.map(g => (
        <div key={g.group}>
          <div className={styles.paletteGroup}>{t(`tpl.group.${g.group}` as MessageKey)}</div>
          {g.types.map(type => (
            <div
              key={type}
              className={styles.paletteItem}
              draggable
              data-testid={`palette-${type}`}
              onDragStart={e => startDrag(e, { kind: 'new', type })}
              onDragEnd={endDrag}
              onDoubleClick={() => onAdd(type)}
            >
              {t(`tpl.type.${type}` as MessageKey)}
            </div>
          ))}
        </div>
      ))}
    </div>
  )
}
