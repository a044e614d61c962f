import type { TemplateSchema } from '@scrm/forms'
import { Button, Empty, Popconfirm, Tag, Typography } from 'antd'
import { useT } from '../../../i18n'
import type { TemplateVersion } from '../api'
import styles from '../templates.module.css'

interface Props {
  versions: TemplateVersion[]
  currentVersion: number
  onOpen: (schema: TemplateSchema, version: number) => void
}

/** Published versions, newest first; any of them can be loaded into the editor to start the next one. */
export function VersionsPanel({ versions, currentVersion, onOpen }: Props) {
  const t = useT()
  if (versions.length === 0) return <Empty description={t('tpl.versions.none')} />
  return (
    <div data-testid="versions">
      {versions.map(v => (
        <div key={v.id} className={styles.version} data-testid={`version-${v.version}`}>
          <div style={{ flex: 1 }}>
            <strong>{t('tpl.versions.label', { version: v.version })}</strong>
            {v.version === currentVersion && <Tag color="green" style={{ marginLeft: 8 }}>{t('tpl.versions.current')}</Tag>}
            <div>
              <Typography.Text type="secondary">{new Date(v.createdAt).toLocaleString()}</Typography.Text>
              {' · '}
              {t('tpl.versions.fieldCount', { count: v.schema.fields.length })}
            </div>
            {v.note && <div>{v.note}</div>}
          </div>
          <Popconfirm title={t('tpl.versions.openConfirm')} onConfirm={() => onOpen(v.schema, v.version)}>
            <Button size="small">{t('tpl.versions.open')}</Button>
          </Popconfirm>
        </div>
      ))}
    </div>
  )
}
