import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import type { FieldOption } from '@scrm/forms'
import { Button, Input, Space } from 'antd'
import { useT } from '../../../i18n'

/** Option rows of a select / multi-select: stored value, Chinese and English label. */
export function OptionsEditor({ value, onChange }: { value: FieldOption[], onChange: (options: FieldOption[]) => void }) {
  const t = useT()
  const set = (i: number, o: FieldOption) => onChange(value.map((x, j) => (j === i ? o : x)))
  return (
    <div data-testid="options-editor">
      {value.map((o, i) => (
        <Space.Compact key={i} style={{ width: '100%', marginBottom: 4 }}>
          <Input
            placeholder={t('tpl.option.value')}
            value={o.value}
            data-testid={`option-value-${i}`}
            // The Chinese label follows the value until someone types a label of its own.
            onChange={e => set(i, { value: e.target.value, label: o.label['zh-CN'] === o.value ? { ...o.label, 'zh-CN': e.target.value } : o.label })}
          />
          <Input placeholder={t('tpl.option.zh')} value={o.label['zh-CN']} data-testid={`option-zh-${i}`} onChange={e => set(i, { ...o, label: { ...o.label, 'zh-CN': e.target.value } })} />
          <Input placeholder={t('tpl.option.en')} value={o.label['en-US']} data-testid={`option-en-${i}`} onChange={e => set(i, { ...o, label: { ...o.label, 'en-US': e.target.value } })} />
          <Button icon={<DeleteOutlined />} aria-label={t('tpl.option.remove')} onClick={() => onChange(value.filter((_, j) => j !== i))} />
        </Space.Compact>
      ))}
      <Button size="small" icon={<PlusOutlined />} data-testid="option-add" onClick={() => onChange([...value, { value: '', label: { 'zh-CN': '', 'en-US': '' } }])}>
        {t('tpl.option.add')}
      </Button>
    </div>
  )
}
