import { useMemo } from 'react'
import { Form, Typography } from 'antd'
import { applyRules, resolveTemplate, type FieldDef, type FormState, type TemplateSchema } from '@scrm/forms'
import { useLocaleStore } from '../../i18n'
import type { UploadFn } from './AttachmentInput'
import FieldInput from './FieldInput'
import { textIn } from './values'

export interface TicketFormProps {
  /** The template (a version's `schema`) of packages/forms. */
  schema: TemplateSchema
  /** Region whose variant applies (华东 → cold-chain block). */
  region?: string
  /** Raw values by field key (money in fen, dates as ISO text, attachments as ids). */
  values: Record<string, unknown>
  /** Every change, with the rule state the new values produce. */
  onChange: (values: Record<string, unknown>, state: FormState) => void
  /** Messages by field key. */
  errors?: Record<string, string>
  readOnly?: boolean
  /** Stores a file an attachment field received; without it uploads are off. */
  onUpload?: UploadFn
}

/**
 * Renders a ticket template with antd. Dynamic rules run through `applyRules` on every change —
 * the same code the server runs — so what is shown, required and offered here is what the server
 * will validate.
 */
export default function TicketForm({ schema, region, values, onChange, errors = {}, readOnly, onUpload }: TicketFormProps) {
  const locale = useLocaleStore(s => s.locale)
  const form = useMemo(() => resolveTemplate(schema, region), [schema, region])
  const state = useMemo(() => applyRules(schema, values, { region }), [schema, values, region])
  // setValue rules change values the user did not touch: show what the server would keep.
  const shownValues = { ...values, ...state.values }

  const change = (key: string, value: unknown) => {
    const next = { ...values }
    if (value === undefined) delete next[key]
    else next[key] = value
    onChange(next, applyRules(schema, next, { region }))
  }

  const groups = useMemo(() => {
    const out: Array<{ group?: string, fields: FieldDef[] }> = []
    for (const f of form.fields) {
      const last = out[out.length - 1]
      if (last && last.group === f.group) last.fields.push(f)
      else out.push({ group: f.group, fields: [f] })
    }
    return out
  }, [form])

  return (
    <Form layout="vertical" component="div" data-testid="ticket-form">
      {groups.map(({ group, fields }, i) => {
        const visible = fields.filter(f => state.fields[f.key]?.visible)
        if (!visible.length) return null
        return (
          <div key={`${group ?? ''}-${i}`}>
            {group && <Typography.Title level={5}>{group}</Typography.Title>}
            {visible.map((f) => {
              const s = state.fields[f.key]
              return (
                <Form.Item
                  key={f.key}
                  label={textIn(f.label, locale)}
                  htmlFor={`field-${f.key}`}
                  required={s.required}
                  extra={f.description ? textIn(f.description, locale) : undefined}
                  validateStatus={errors[f.key] ? 'error' : undefined}
                  help={errors[f.key]}
                  data-field={f.key}
                >
                  <FieldInput field={f} state={s} value={shownValues[f.key]} onChange={v => change(f.key, v)} readOnly={readOnly} invalid={Boolean(errors[f.key])} onUpload={onUpload} />
                </Form.Item>
              )
            })}
          </div>
        )
      })}
    </Form>
  )
}
