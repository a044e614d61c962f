import { Card, Empty, List, Space, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import { useLocaleStore, useT } from '../../../i18n'
import { type CustomerCard as Card_, type Stage, type Ticket, workbenchApi } from '../api'
import { SlaTag, useChannelName } from '../tags'
import { usePick, yuan } from '../text'

/** Who the ticket is for: identities, their other tickets on every channel, open opportunities. */
export function CustomerCard({ ticket }: { ticket: Ticket }) {
  const t = useT()
  const pickText = usePick()
  const locale = useLocaleStore(s => s.locale)
  const channelName = useChannelName()
  const [data, setData] = useState<{ card: Card_, tickets: Ticket[], stages: Stage[] } | null>(null)

  useEffect(() => {
    if (!ticket.customerId) return
    let live = true
    Promise.all([workbenchApi.customer(ticket.customerId), workbenchApi.customerTickets(ticket.customerId), workbenchApi.stages()])
      .then(([card, list, stages]) => { if (live) setData({ card, tickets: list.items.filter(x => x.id !== ticket.id), stages }) }, () => {})
    return () => { live = false }
  }, [ticket.customerId, ticket.id])

  if (!ticket.customerId) return <Card size="small" title={t('workbench.detail.customer')}><Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.customer.none')} /></Card>
  if (!data) return <Card size="small" title={t('workbench.detail.customer')} loading />
  const { card, tickets, stages } = data
  const open = card.opportunities.filter(o => !stages.find(s => s.key === o.stage)?.closed)
  return (
    <Card size="small" title={t('workbench.detail.customer')} data-testid="customer-card"
      extra={card.customer.tier && <Tag color="gold">{card.customer.tier}</Tag>}>
      <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="customer-name">{card.customer.name}</Typography.Title>
      <Typography.Text type="secondary">{t('workbench.customer.identities')}</Typography.Text>
      <div style={{ marginBottom: 8 }}>
        <Space size={4} wrap>{card.identities.map(i => <Tag key={i.id}>{i.display}</Tag>)}</Space>
      </div>
      <Typography.Text type="secondary">{t('workbench.customer.tickets')}</Typography.Text>
      <List size="small" data-testid="customer-tickets" locale={{ emptyText: t('workbench.customer.noTickets') }} dataSource={tickets}
        renderItem={x => (
          <List.Item>
            <Space size={4} wrap>
              <Link to={`/workbench/tickets/${x.id}`}>{x.number}</Link>
              <span>{x.title}</span>
              <Tag>{channelName(x.channel)}</Tag>
              <SlaTag state={x.slaState} />
            </Space>
          </List.Item>
        )} />
      <Typography.Text type="secondary">{t('workbench.customer.opportunities')}</Typography.Text>
      <List size="small" data-testid="customer-opportunities" locale={{ emptyText: t('workbench.customer.noOpportunities') }} dataSource={open}
        renderItem={o => (
          <List.Item extra={t('workbench.customer.amount', { amount: yuan(o.amountFen, locale) })}>
            <Space size={4}>{o.title}<Tag>{pickText(stages.find(s => s.key === o.stage)?.label) || o.stage}</Tag></Space>
          </List.Item>
        )} />
    </Card>
  )
}
