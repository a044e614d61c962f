import type { FieldDef, FieldState } from '@scrm/forms'
import { Button, Form, Input, Space, Typography } from 'antd'
import FieldInput from '../../../components/ticket-form/FieldInput'
import { useLocaleStore, useT } from '../../../i18n'
import type { TicketView } from '../api'
import { staffName, useReference } from '../reference'
import { pick } from '../text'
import type { OpenTask } from './useTicketDetail'

/** A step's editable field inside an antd Form.Item (which passes value and onChange): the portal's input. */
function StepField({ field, state, value, onChange }: { field: FieldDef, state: FieldState, value?: unknown, onChange?: (v: unknown) => void }) {
  return <FieldInput field={field} state={state} value={value} onChange={v => onChange?.(v)} />
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
        <Form.Item key={f.key} name={f.key} htmlFor={`field-${f.key}`} label={pick(f.label, locale)} required={f.required} style={{ marginTop: 8 }}>
          <StepField field={f} state={ticket.template?.state[f.key] ?? { visible: true, required: !!f.required }} />
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
