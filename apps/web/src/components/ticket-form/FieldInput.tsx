import { Cascader, Checkbox, Input, InputNumber, Rate, Select } from 'antd'
import { regionTree, type FieldDef, type FieldState } from '@scrm/forms'
import { useLocaleStore, useT } from '../../i18n'
import AttachmentInput, { type UploadFn } from './AttachmentInput'
import LocationInput from './LocationInput'
import { fenToYuan, isoToLocal, localToIso, textIn, yuanToFen } from './values'

export interface FieldInputProps {
  field: FieldDef
  state: FieldState
  value: unknown
  onChange: (value: unknown) => void
  readOnly?: boolean
  invalid?: boolean
  onUpload?: UploadFn
}

// Built once: the division tree is static and ~3,000 nodes.
let regions: ReturnType<typeof regionTree> | undefined
const regionOptions = () => (regions ??= regionTree())

const num = (v: unknown) => (typeof v === 'number' ? v : undefined)
const str = (v: unknown) => (typeof v === 'string' ? v : '')

/** The antd input for one of the 16 field types of @scrm/forms, holding the value the server stores. */
export default function FieldInput({ field, state, value, onChange, readOnly, invalid, onUpload }: FieldInputProps) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const status = invalid ? 'error' as const : undefined
  const id = `field-${field.key}`
  const options = (state.options ?? field.options ?? []).map(o => ({ value: o.value, label: textIn(o.label, locale) }))
  const text = (e: { target: { value: string } }) => onChange(e.target.value === '' ? undefined : e.target.value)
  const common = { id, disabled: readOnly, status }

  switch (field.type) {
    case 'text':
      return <Input {...common} value={str(value)} onChange={text} maxLength={field.maxLength} />
    case 'textarea':
      return <Input.TextArea {...common} value={str(value)} onChange={text} maxLength={field.maxLength} autoSize={{ minRows: 3, maxRows: 8 }} />
    case 'number':
      return <InputNumber {...common} style={{ width: '100%' }} value={num(value)} min={num(field.min)} max={num(field.max)} onChange={v => onChange(v ?? undefined)} />
    case 'money':
      return (
        <InputNumber
          {...common}
          style={{ width: '100%' }}
          prefix="¥"
          suffix={t('ticketForm.yuan')}
          precision={2}
          step={0.01}
          inputMode="decimal"
          value={fenToYuan(value)}
          min={typeof field.min === 'number' ? field.min / 100 : undefined}
          max={typeof field.max === 'number' ? field.max / 100 : undefined}
          onChange={v => onChange(yuanToFen(v))}
        />
      )
    case 'date':
      return <Input {...common} type="date" value={str(value)} onChange={text} min={typeof field.min === 'string' ? field.min : undefined} max={typeof field.max === 'string' ? field.max : undefined} />
    case 'datetime':
      return <Input {...common} type="datetime-local" value={isoToLocal(value)} onChange={e => onChange(localToIso(e.target.value))} />
    case 'select':
      return <Select {...common} style={{ width: '100%' }} allowClear placeholder={t('ticketForm.select')} options={options} value={value ?? undefined} onChange={v => onChange(v ?? undefined)} />
    case 'multiSelect':
      return <div id={id}><Checkbox.Group disabled={readOnly} options={options} value={Array.isArray(value) ? value : []} onChange={v => onChange(v.length ? v : undefined)} /></div>
    case 'cascader':
      return (
        <Cascader
          {...common}
          style={{ width: '100%' }}
          options={regionOptions()}
          changeOnSelect
          showSearch
          placeholder={t('ticketForm.region')}
          value={Array.isArray(value) ? (value as string[]) : undefined}
          onChange={v => onChange(v && v.length ? v.map(String) : undefined)}
        />
      )
    case 'phone':
      return <Input {...common} type="tel" inputMode="tel" autoComplete="tel" value={str(value)} onChange={text} />
    case 'email':
      return <Input {...common} type="email" inputMode="email" autoComplete="email" value={str(value)} onChange={text} />
    case 'attachment':
      return <AttachmentInput id={id} field={field} value={Array.isArray(value) ? (value as string[]) : []} onChange={onChange} readOnly={readOnly} onUpload={onUpload} />
    case 'customerRef':
    case 'assetRef':
      return <Input {...common} value={str(value)} onChange={text} placeholder={t('ticketForm.refId')} />
    case 'location':
      return <LocationInput id={id} value={value} onChange={onChange} readOnly={readOnly} invalid={invalid} />
    case 'rating':
      return <Rate id={id} disabled={readOnly} value={num(value) ?? 0} onChange={v => onChange(v || undefined)} />
  }
}
