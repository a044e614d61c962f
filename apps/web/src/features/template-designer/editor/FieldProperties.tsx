import type { FieldDef } from '@scrm/forms'
import { Button, Checkbox, Empty, Form, Input, InputNumber, Select, Space, Typography } from 'antd'
import type { ReactNode } from 'react'
import { useT, type MessageKey } from '../../../i18n'
import { boundsAreText, hasBounds, hasLength, hasOptions } from '../model/fields'
import type { EditorProblem } from '../model/problems'
import { OptionsEditor } from './OptionsEditor'

interface Props {
  field: FieldDef | undefined
  problems: EditorProblem[]
  onChange: (patch: Partial<FieldDef>) => void
  onRemove: () => void
}

/** Properties of the selected field; problems (live or from the server) show under the property they name. */
export function FieldProperties({ field, problems, onChange, onRemove }: Props) {
  const t = useT()
  if (!field) return <Empty description={t('tpl.props.none')} />
  const help = (prop: string | string[]): { validateStatus?: 'error', help?: ReactNode } => {
    const props = Array.isArray(prop) ? prop : [prop]
    const errs = problems.filter(p => p.prop && props.includes(p.prop))
    return errs.length ? { validateStatus: 'error', help: <span data-testid="prop-error">{errs.map(p => p.message).join('; ')}</span> } : {}
  }
  const bound = (which: 'min' | 'max') => (boundsAreText(field.type)
    ? <Input value={field[which] as string | undefined} data-testid={`prop-${which}`} placeholder={field.type === 'date' ? '2026-01-01' : '2026-01-01T00:00:00+08:00'} onChange={e => onChange({ [which]: e.target.value || undefined })} />
    : <InputNumber value={field[which] as number | undefined} data-testid={`prop-${which}`} style={{ width: '100%' }} onChange={v => onChange({ [which]: v ?? undefined })} />)

  return (
    <Form layout="vertical" size="small" data-testid="field-properties">
      <Typography.Title level={5}>{t('tpl.props.title', { type: t(`tpl.type.${field.type}` as MessageKey) })}</Typography.Title>
      <Form.Item label={t('tpl.props.key')} {...help('key')}>
        <Input value={field.key} data-testid="prop-key" onChange={e => onChange({ key: e.target.value })} />
      </Form.Item>
      <Form.Item label={t('tpl.props.labelZh')} {...help('label')}>
        <Input value={field.label['zh-CN']} data-testid="prop-label-zh" onChange={e => onChange({ label: { ...field.label, 'zh-CN': e.target.value } })} />
      </Form.Item>
      <Form.Item label={t('tpl.props.labelEn')}>
        <Input value={field.label['en-US']} data-testid="prop-label-en" onChange={e => onChange({ label: { ...field.label, 'en-US': e.target.value } })} />
      </Form.Item>
      <Space>
        <Checkbox checked={!!field.required} data-testid="prop-required" onChange={e => onChange({ required: e.target.checked || undefined })}>{t('tpl.props.required')}</Checkbox>
        <Checkbox checked={!!field.hidden} data-testid="prop-hidden" onChange={e => onChange({ hidden: e.target.checked || undefined })}>{t('tpl.props.hidden')}</Checkbox>
      </Space>
      {hasOptions(field.type) && (
        <Form.Item label={t('tpl.props.options')} style={{ marginTop: 12 }} {...help('options')}>
          <OptionsEditor value={field.options ?? []} onChange={options => onChange({ options })} />
        </Form.Item>
      )}
      {hasBounds(field.type) && (
        <Space.Compact block style={{ marginTop: 12 }}>
          <Form.Item label={t(`tpl.props.min.${field.type}` as MessageKey)} {...help('min')} style={{ flex: 1 }}>{bound('min')}</Form.Item>
          <Form.Item label={t(`tpl.props.max.${field.type}` as MessageKey)} {...help('max')} style={{ flex: 1 }}>{bound('max')}</Form.Item>
        </Space.Compact>
      )}
      {hasLength(field.type) && (
        <>
          <Space.Compact block style={{ marginTop: 12 }}>
            <Form.Item label={t('tpl.props.minLength')} {...help('minLength')} style={{ flex: 1 }}>
              <InputNumber min={0} value={field.minLength} data-testid="prop-minLength" style={{ width: '100%' }} onChange={v => onChange({ minLength: v ?? undefined })} />
            </Form.Item>
            <Form.Item label={t('tpl.props.maxLength')} {...help('maxLength')} style={{ flex: 1 }}>
              <InputNumber min={1} value={field.maxLength} data-testid="prop-maxLength" style={{ width: '100%' }} onChange={v => onChange({ maxLength: v ?? undefined })} />
            </Form.Item>
          </Space.Compact>
          <Form.Item label={t('tpl.props.pattern')} {...help('pattern')}>
            <Input value={field.pattern} data-testid="prop-pattern" placeholder="[A-Z]{2}\d{8}" onChange={e => onChange({ pattern: e.target.value || undefined })} />
          </Form.Item>
        </>
      )}
      {field.type === 'phone' && (
        <Form.Item label={t('tpl.props.phoneKind')} style={{ marginTop: 12 }}>
          <Select
            value={field.phoneKind ?? 'any'}
            data-testid="prop-phoneKind"
            onChange={v => onChange({ phoneKind: v === 'any' ? undefined : v })}
            options={(['any', 'mobile', 'landline'] as const).map(k => ({ value: k, label: t(`tpl.phoneKind.${k}`) }))}
          />
        </Form.Item>
      )}
      <Form.Item label={t('tpl.props.group')} style={{ marginTop: 12 }} {...help('group')}>
        <Input value={field.group} onChange={e => onChange({ group: e.target.value || undefined })} />
      </Form.Item>
      {problems.filter(p => p.prop && !['key', 'label', 'options', 'min', 'max', 'minLength', 'maxLength', 'pattern', 'group'].includes(p.prop))
        .map((p, i) => <Typography.Text key={i} type="danger" data-testid="prop-error">{p.message}</Typography.Text>)}
      <div style={{ marginTop: 12 }}>
        <Button danger size="small" onClick={onRemove}>{t('tpl.field.remove')}</Button>
      </div>
    </Form>
  )
}
