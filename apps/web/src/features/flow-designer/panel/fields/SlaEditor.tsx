import type { TaskSla } from '@scrm/flow'
import { Form, Input, Switch } from 'antd'
import { useT } from '../../../../i18n'
import { TagsInput } from './basic'
import { DurationInput, WarnAtInput } from './DurationInput'
import { useRoleOptions } from './AssignRuleEditor'

/** A task's SLA: on/off, target, warning point, business calendar and escalation chain. */
export function SlaEditor({ value, onChange }: { value: unknown, onChange: (v: TaskSla | undefined) => void }) {
  const t = useT()
  const roleOptions = useRoleOptions()
  const sla = (typeof value === 'object' && value !== null ? value : undefined) as TaskSla | undefined
  const set = (patch: Partial<TaskSla>) => {
    const next = { ...sla!, ...patch } as TaskSla & Record<string, unknown>
    for (const k of Object.keys(next)) if (next[k] === undefined || next[k] === '') delete next[k]
    onChange(next)
  }
  return (
    <div data-testid="sla-editor">
      <Form.Item label={t('designer.sla.enable')} style={{ marginBottom: 8 }}>
        <Switch checked={!!sla} onChange={on => onChange(on ? { target: 'PT4H', warnAt: '80%' } : undefined)} data-testid="sla-switch" />
      </Form.Item>
      {sla && (
        <>
          <Form.Item label={t('designer.sla.target')} required style={{ marginBottom: 8 }}>
            <DurationInput value={sla.target} onChange={target => set({ target: target ?? '' })} testId="sla-target" />
          </Form.Item>
          <Form.Item label={t('designer.sla.warnAt')} style={{ marginBottom: 8 }}>
            <WarnAtInput value={sla.warnAt} onChange={warnAt => set({ warnAt })} />
          </Form.Item>
          <Form.Item label={t('designer.sla.calendar')} style={{ marginBottom: 8 }}>
            <Input value={sla.calendar ?? ''} placeholder={t('designer.sla.calendarPlaceholder')} onChange={e => set({ calendar: e.target.value.trim() || undefined })} />
          </Form.Item>
          <Form.Item label={t('designer.sla.escalate')} style={{ marginBottom: 8 }}>
            <TagsInput value={sla.escalate} options={roleOptions} placeholder={t('designer.sla.escalatePlaceholder')} onChange={escalate => set({ escalate })} />
          </Form.Item>
        </>
      )}
    </div>
  )
}
