import { Card, Space, Tag, Timeline, Typography } from 'antd'
import type { ReactNode } from 'react'
import { useLocaleStore, useT } from '../../../i18n'
import type { Comment, TimelineEvent } from '../api'
import { staffName, useReference } from '../reference'
import { dateTime, usePick, useTryT } from '../text'

type Entry = { at: string, key: string, color: string, title: ReactNode, body?: ReactNode, testid: string }

/** Events and comments of the ticket in time order: who did what, why routing chose whom, SLA moments. */
export function TicketTimeline({ events, comments, fieldLabel }: { events: TimelineEvent[], comments: Comment[], fieldLabel: (key: string) => string }) {
  const t = useT()
  const tryT = useTryT()
  const pickText = usePick()
  const locale = useLocaleStore(s => s.locale)
  const { staff, statuses } = useReference()
  const person = (id: string | null | undefined) => (id ? staffName(staff, id) : t('workbench.unassigned'))
  const status = (key: unknown) => pickText(statuses.find(s => s.key === key)?.name) || String(key ?? '')
  const actor = (e: TimelineEvent) => (e.actor.kind === 'user' ? person(e.actor.id) : tryT(`workbench.actor.${e.actor.kind}`, e.data.actorName ?? e.actor.kind))

  const describe = (e: TimelineEvent): { title: string, body?: ReactNode, color: string } => {
    const d = e.data
    if (e.kind.startsWith('sla_')) {
      const event = e.kind.slice(4)
      return {
        title: t('workbench.sla.event', { target: d.target ? tryT(`workbench.sla.target.${d.target}`, d.target) : '', event: tryT(`workbench.sla.event.${event}`, event, { level: (d.level ?? 0) + 1 }) }),
        color: event === 'breached' || event === 'escalated' ? 'red' : event === 'warned' ? 'orange' : 'gray',
      }
    }
    switch (e.kind) {
      case 'status_changed':
      case 'reopened':
        return { title: t(`workbench.event.${e.kind}`, { from: status(d.from), to: status(d.to) }), color: 'blue' }
      case 'assigned':
      case 'transferred':
        return {
          title: t(`workbench.event.${e.kind}`, { from: person(d.from?.assigneeId), to: d.to?.assigneeId ? person(d.to.assigneeId) : (d.to?.team ?? t('workbench.unassigned')) }),
          body: d.reason ? t('workbench.event.reason', { reason: d.reason }) : undefined,
          color: 'purple',
        }
      case 'routed':
        return {
          title: t('workbench.event.routed', { to: d.assigneeId ? person(d.assigneeId) : (d.team ?? t('workbench.unassigned')) }),
          body: (
            <Space orientation="vertical" size={0} data-testid="routing-reason">
              {d.rule?.name && <span>{t('workbench.event.rule', { rule: d.rule.name })}</span>}
              {d.strategy && <span>{t('workbench.event.strategy', { strategy: d.strategy })}</span>}
              {Array.isArray(d.candidates) && d.candidates.length > 0 && (
                <span>
                  {t('workbench.event.candidates')}
                  {d.candidates.map((c: { userId: string, name: string, score: number }) => <Tag key={c.userId}>{t('workbench.event.score', { name: c.name, score: Math.round(c.score * 100) / 100 })}</Tag>)}
                </span>
              )}
            </Space>
          ),
          color: 'purple',
        }
      case 'updated':
        // People's edits list `changes`, a flow's setFields lists `paths`; both name `fields.<key>` or a ticket property.
        return { title: t('workbench.event.updated', { fields: [...Object.keys(d.changes ?? {}), ...(d.paths ?? [])].map(fieldLabel).join(t('list.separator')) }), color: 'gray' }
      case 'attachments_added':
        return { title: t('workbench.event.attachments_added', { names: (d.filenames ?? []).join(', ') }), color: 'gray' }
      default:
        return { title: tryT(`workbench.event.${e.kind}`, e.kind, d), color: 'gray' }
    }
  }

  const entries: Entry[] = [
    // A comment shows as itself; its `commented` event would only repeat it.
    ...events.filter(e => e.kind !== 'commented').map((e) => {
      const x = describe(e)
      return { at: e.at, key: e.id, color: x.color, title: <><b>{actor(e)}</b> {x.title}</>, body: x.body, testid: `event-${e.kind}` }
    }),
    ...comments.map(c => ({
      at: c.createdAt,
      key: c.id,
      color: c.visibility === 'public' ? 'green' : 'gold',
      testid: `comment-${c.visibility}`,
      title: (
        <>
          <b>{c.author.kind === 'user' ? person(c.author.id) : (c.author.name ?? tryT(`workbench.actor.${c.author.kind}`, c.author.kind))}</b>
          {' '}
          <Tag color={c.visibility === 'public' ? 'green' : 'gold'}>{t(c.visibility === 'public' ? 'workbench.comment.tagPublic' : 'workbench.comment.tagInternal')}</Tag>
        </>
      ),
      body: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.body}</Typography.Paragraph>,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at))

  return (
    <Card title={t('workbench.detail.timeline')} size="small" data-testid="ticket-timeline">
      <Timeline
        items={entries.map(e => ({
          key: e.key,
          color: e.color,
          content: (
            <div data-testid={e.testid}>
              <div>{e.title}</div>
              {e.body && <div style={{ marginTop: 2 }}>{e.body}</div>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dateTime(e.at, locale)}</Typography.Text>
            </div>
          ),
        }))}
      />
    </Card>
  )
}
