import { Card, Empty, Space, Table, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { useLocaleStore, useT } from '../../../i18n'
import type { Ticket } from '../api'
import { staffName, useReference } from '../reference'
import { PriorityTag, SlaTag, useChannelName } from '../tags'
import { dateTime, usePick } from '../text'

const detailPath = (t: Ticket) => `/workbench/tickets/${t.id}`

function useStatusName() {
  const pickText = usePick()
  const { statuses } = useReference()
  return (key: string) => pickText(statuses.find(s => s.key === key)?.name) || key
}

/** Desktop: a table. Phones (`cards`): one card per ticket, the whole card a link. */
export function TicketList({ items, loading, cards }: { items: Ticket[], loading: boolean, cards: boolean }) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const pickText = usePick()
  const channelName = useChannelName()
  const statusName = useStatusName()
  const { types, staff } = useReference()
  const typeName = (key: string | null) => pickText(types.find(x => x.key === key)?.name) || key || ''
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.empty')} />

  if (cards) {
    if (!loading && !items.length) return empty
    return (
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="ticket-cards">
        {items.map(x => (
          <Link key={x.id} to={detailPath(x)} data-testid="ticket-row" data-number={x.number}>
            <Card size="small" hoverable>
              <Typography.Text strong>{x.title}</Typography.Text>
              <div style={{ margin: '4px 0', color: '#8c8c8c', fontSize: 12 }}>{x.number} · {typeName(x.typeKey)} · {dateTime(x.createdAt, locale)}</div>
              <Space size={4} wrap>
                <Tag>{statusName(x.status)}</Tag>
                <PriorityTag priority={x.priority} />
                <SlaTag state={x.slaState} />
              </Space>
            </Card>
          </Link>
        ))}
      </Space>
    )
  }

  return (
    <Table<Ticket>
      data-testid="ticket-table"
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      pagination={false}
      locale={{ emptyText: empty }}
      onRow={x => ({ 'data-testid': 'ticket-row', 'data-number': x.number }) as React.HTMLAttributes<HTMLElement>}
      scroll={{ x: 900 }}
      columns={[
        { title: t('workbench.col.number'), dataIndex: 'number', width: 150, render: (n: string, x) => <Link to={detailPath(x)}>{n}</Link> },
        { title: t('workbench.col.title'), dataIndex: 'title', ellipsis: true, render: (s: string, x) => <Link to={detailPath(x)}>{s}</Link> },
        { title: t('workbench.col.status'), dataIndex: 'status', width: 100, render: (s: string) => <Tag>{statusName(s)}</Tag> },
        { title: t('workbench.col.priority'), dataIndex: 'priority', width: 90, render: (p: string) => <PriorityTag priority={p} /> },
        { title: t('workbench.col.sla'), dataIndex: 'slaState', width: 100, render: (s: string | null) => <SlaTag state={s} /> },
        { title: t('workbench.col.type'), dataIndex: 'typeKey', width: 120, render: typeName },
        { title: t('workbench.col.channel'), dataIndex: 'channel', width: 100, render: channelName },
        { title: t('workbench.col.assignee'), dataIndex: 'assigneeId', width: 110, render: (id: string | null) => (id ? staffName(staff, id) : t('workbench.unassigned')) },
        { title: t('workbench.col.created'), dataIndex: 'createdAt', width: 160, render: (d: string) => dateTime(d, locale) },
      ]}
    />
  )
}
