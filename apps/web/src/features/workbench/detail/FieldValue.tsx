import { PaperClipOutlined } from '@ant-design/icons'
import type { FieldDef, FieldOption } from '@scrm/forms'
import { Rate, Space, Tag, Typography } from 'antd'
import { useLocaleStore, useT } from '../../../i18n'
import type { Attachment } from '../api'
import { dateTime, pick, yuan } from '../text'
import { downloadAttachment } from './download'

const label = (options: FieldOption[] | undefined, value: unknown, locale: string) =>
  pick(options?.find(o => o.value === value)?.label, locale) || String(value)

/**
 * One template field's value, read-only, as its type reads best: money in yuan (stored in fen),
 * a cascader as its path, a rating as stars, files as download links, phone and e-mail as links.
 */
export function FieldValue({ field, value, attachments = [] }: { field: FieldDef, value: unknown, attachments?: Attachment[] }) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length))
    return <Typography.Text type="secondary">{t('workbench.field.empty')}</Typography.Text>
  switch (field.type) {
    case 'money':
      return <span data-testid={`field-${field.key}`}>{t('workbench.field.yuan', { amount: yuan(Number(value), locale) })}</span>
    case 'number':
      return <span data-testid={`field-${field.key}`}>{Number(value).toLocaleString(locale)}</span>
    case 'date':
      return <span data-testid={`field-${field.key}`}>{String(value)}</span>
    case 'datetime':
      return <span data-testid={`field-${field.key}`}>{dateTime(String(value), locale)}</span>
    case 'select':
      return <span data-testid={`field-${field.key}`}>{label(field.options, value, locale)}</span>
    case 'multiSelect':
      return <Space size={4} wrap data-testid={`field-${field.key}`}>{(value as unknown[]).map(v => <Tag key={String(v)}>{label(field.options, v, locale)}</Tag>)}</Space>
    case 'cascader':
      return <span data-testid={`field-${field.key}`}>{(value as unknown[]).map(String).join(' / ')}</span>
    case 'rating':
      return <Rate disabled value={Number(value)} count={typeof field.max === 'number' ? field.max : 5} data-testid={`field-${field.key}`} />
    case 'phone':
      return <a href={`tel:${String(value)}`} data-testid={`field-${field.key}`}>{String(value)}</a>
    case 'email':
      return <a href={`mailto:${String(value)}`} data-testid={`field-${field.key}`}>{String(value)}</a>
    case 'attachment':
      return (
        <Space orientation="vertical" size={0} data-testid={`field-${field.key}`}>
          {(value as string[]).map((id) => {
            const file = attachments.find(a => a.id === id)
            const name = file?.filename ?? `${t('workbench.field.attachment')} ${id.slice(0, 8)}`
            return <a key={id} onClick={() => void downloadAttachment(id, name)}><PaperClipOutlined /> {name}</a>
          })}
        </Space>
      )
    case 'location': {
      const l = value as { lat: number, lng: number, address?: string }
      return <span data-testid={`field-${field.key}`}>{t('workbench.field.location', { address: l.address ?? '', lat: l.lat, lng: l.lng })}</span>
    }
    case 'textarea':
      return <span style={{ whiteSpace: 'pre-wrap' }} data-testid={`field-${field.key}`}>{String(value)}</span>
    default:
      return <span data-testid={`field-${field.key}`}>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</span>
  }
}
