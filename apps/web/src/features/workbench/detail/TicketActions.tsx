import { Button, Divider, Input, Select, Space, Typography } from 'antd'
import { useState } from 'react'
import { useT } from '../../../i18n'
import { workbenchApi } from '../api'
import { useReference } from '../reference'
import { usePick } from '../text'
import { TaskForm } from './TaskForm'
import { useAction } from './useAction'
import type { TicketDetail } from './useTicketDetail'

/** What an agent does on a ticket: comment, work the flow's task, transfer, change the status. */
export function TicketActions({ detail, only }: { detail: TicketDetail, only?: 'comment' }) {
  const t = useT()
  const pickText = usePick()
  const { staff, statuses } = useReference()
  const { run, busy } = useAction(detail.reload)
  const [body, setBody] = useState('')
  const [assignee, setAssignee] = useState<string>()
  const [reason, setReason] = useState('')
  const [status, setStatus] = useState<string>()
  const ticket = detail.ticket!

  const comment = async (visibility: 'public' | 'internal') => {
    if (!body.trim()) return
    if (await run(visibility, () => workbenchApi.comment(ticket.id, body.trim(), visibility), 'workbench.comment.added')) setBody('')
  }

  const commentBox = (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="comment-box">
      <Input.TextArea autoSize={{ minRows: 3 }} value={body} onChange={e => setBody(e.target.value)} placeholder={t('workbench.comment.placeholder')} data-testid="comment-input" />
      <Space wrap>
        <Button type="primary" disabled={!body.trim()} loading={busy === 'public'} onClick={() => void comment('public')} data-testid="comment-public">{t('workbench.comment.public')}</Button>
        <Button disabled={!body.trim()} loading={busy === 'internal'} onClick={() => void comment('internal')} data-testid="comment-internal">{t('workbench.comment.internal')}</Button>
      </Space>
    </Space>
  )
  if (only === 'comment') return commentBox

  return (
    <div data-testid="ticket-actions">
      {detail.tasks.length
        ? detail.tasks.map(open => (
            <TaskForm key={open.task.id} open={open} ticket={ticket} busy={busy}
              onComplete={(form, note) => void run('complete', () => workbenchApi.completeTask(open.task, form, note), 'workbench.task.completed')}
              onDecide={(d, note) => void run(d, () => workbenchApi.decide(open.task, d, note), 'workbench.task.completed')} />
          ))
        : <Typography.Text type="secondary">{t('workbench.task.none')}</Typography.Text>}
      <Divider />
      {commentBox}
      <Divider />
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="transfer-form">
        <Typography.Text strong>{t('workbench.assign.title')}</Typography.Text>
        <Select showSearch optionFilterProp="label" style={{ width: '100%' }} placeholder={t('workbench.assign.user')} aria-label={t('workbench.assign.user')}
          value={assignee} onChange={setAssignee} data-testid="transfer-user"
          options={staff.filter(s => s.active && s.userId !== ticket.assigneeId).map(s => ({ value: s.userId, label: s.name }))} />
        <Input value={reason} onChange={e => setReason(e.target.value)} placeholder={t('workbench.assign.reason')} maxLength={500} />
        <Button disabled={!assignee} loading={busy === 'assign'} data-testid="transfer-submit"
          onClick={() => void run('assign', () => workbenchApi.assign(ticket.id, assignee!, reason.trim() || undefined, ticket.version), 'workbench.assign.done').then(ok => ok && (setAssignee(undefined), setReason('')))}>
          {t('workbench.assign.submit')}
        </Button>
      </Space>
      <Divider />
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="status-form">
        <Typography.Text strong>{t('workbench.status.title')}</Typography.Text>
        <Space.Compact style={{ width: '100%' }}>
          <Select style={{ width: '100%' }} value={status} onChange={setStatus} aria-label={t('workbench.status.title')} data-testid="status-select"
            options={statuses.filter(s => s.key !== ticket.status && s.category !== 'new').map(s => ({ value: s.key, label: pickText(s.name) }))} />
          <Button disabled={!status} loading={busy === 'status'} data-testid="status-submit"
            onClick={() => void run('status', () => workbenchApi.setStatus(ticket.id, status!, ticket.version), 'workbench.status.done').then(ok => ok && setStatus(undefined))}>
            {t('workbench.status.title')}
          </Button>
        </Space.Compact>
      </Space>
    </div>
  )
}
