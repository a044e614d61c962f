import type { FieldDef } from '@scrm/forms'
import { Button, Form, Input, InputNumber, Rate, Select, Space, Typography } from 'antd'
import { useLocaleStore, useT } from '../../../i18n'
import type { TicketView } from '../api'
import { staffName, useReference } from '../reference'
import { pick } from '../text'
import type { OpenTask } from './useTicketDetail'

/** An input for a field a flow step lets the agent edit; money is typed in yuan and sent in fen. */
function FieldInput({ field, value, onChange, id }: { field: FieldDef, value?: unknown, onChange?: (v: unknown) => void, id?: string }) {
  const locale = useLocaleStore(s => s.locale)
  const options = field.options?.map(o => ({ value: o.value, label: pick(o.label, locale) }))
  switch (field.type) {
    case 'textarea': return <Input.TextArea id={id} autoSize={{ minRows: 2 }} value={value as string} onChange={e => onChange?.(e.target.value)} />
    case 'number': return <InputNumber id={id} style={{ width: '100%' }} value={value as number} onChange={v => onChange?.(v)} />
    case 'money': return <InputNumber id={id} style={{ width: '100%' }} prefix="¥" precision={2} value={typeof value === 'number' ? value / 100 : undefined} onChange={v => onChange?.(v == null ? undefined : Math.round(Number(v) * 100))} />
    case 'select': return <Select id={id} allowClear options={options} value={value as string} onChange={v => onChange?.(v)} />
    case 'multiSelect': return <Select id={id} mode="multiple" options={options} value={value as string[]} onChange={v => onChange?.(v)} />
    case 'rating': return <Rate id={id} count={typeof field.max === 'number' ? field.max : 5} value={value as number} onChange={v => onChange?.(v)} />
    case 'date': return <Input id={id} type="date" value={value as string} onChange={e => onChange?.(e.target.value)} />
    default: return <Input id={id} value={value as string} onChange={e => onChange?.(e.target.value)} />
  }
}

/**
 * The flow's open task on this ticket: a user task is completed with its form (the fields the
 * step may edit) and a note; an approval is approved or rejected with a comment.
 */
export function TaskForm({ open, ticket, busy, onComplete, onDecide }: {
  open: OpenTask
  ticket: TicketView
  busy: string | null
  onComplete: (form: Record<string, unknown>, comment?: string) => void
  onDecide: (decision: 'approve' | 'reject', comment?: string) => void
}) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const { staff, userId } = useReference()
  const [form] = Form.useForm()
  const { task } = open
  const defs = open.fields.map(k => ticket.template?.form.fields.find(f => f.key === k)).filter((f): f is FieldDef => !!f)
  const notMine = task.assigneeId && task.assigneeId !== userId
  const values = () => form.getFieldsValue() as { comment?: string } & Record<string, unknown>
  return (
    <Form form={form} layout="vertical" data-testid="task-form" data-task-kind={task.kind}
      initialValues={Object.fromEntries(defs.map(f => [f.key, ticket.fields[f.key]]))}>
      <Typography.Text strong>{t('workbench.task.title', { name: task.title ?? task.nodeId })}</Typography.Text>
      {notMine && <div><Typography.Text type="secondary">{t('workbench.task.notMine', { name: staffName(staff, task.assigneeId) })}</Typography.Text></div>}
      {defs.map(f => (
        <Form.Item key={f.key} name={f.key} label={pick(f.label, locale)} required={f.required} style={{ marginTop: 8 }}>
          <FieldInput field={f} />
        </Form.Item>
      ))}
      <Form.Item name="comment" label={t('workbench.task.comment')} style={{ marginTop: 8 }}>
        <Input.TextArea autoSize={{ minRows: 2 }} data-testid="task-comment" />
      </Form.Item>
      {task.kind === 'approval'
        ? (
            <Space>
              <Button type="primary" loading={busy === 'approve'} data-testid="task-approve" onClick={() => onDecide('approve', values().comment || undefined)}>{t('workbench.task.approve')}</Button>
              <Button danger loading={busy === 'reject'} data-testid="task-reject" onClick={() => onDecide('reject', values().comment || undefined)}>{t('workbench.task.reject')}</Button>
            </Space>
          )
        : (
            <Button type="primary" block loading={busy === 'complete'} data-testid="task-complete" onClick={() => {
              const { comment, ...rest } = values()
              const fields = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== ''))
              onComplete(fields, comment || undefined)
            }}>
              {t('workbench.task.complete')}
            </Button>
          )}
    </Form>
  )
}
