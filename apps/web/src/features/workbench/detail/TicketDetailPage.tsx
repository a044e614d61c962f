import { ArrowLeftOutlined, CommentOutlined, ToolOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Col, Drawer, Grid, Result, Row, Space, Spin, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { errorMessage } from '../../../api/errors'
import { useT } from '../../../i18n'
import { staffName, useWorkbenchReference } from '../reference'
import { PriorityTag, SlaTag } from '../tags'
import { usePick, useTryT } from '../text'
import { CustomerCard } from './CustomerCard'
import { TicketActions } from './TicketActions'
import { TicketFields } from './TicketFields'
import { TicketTimeline } from './TicketTimeline'
import { useTicketDetail } from './useTicketDetail'
import styles from './detail.module.css'

/**
 * /workbench/tickets/:id. Wide screens: fields and timeline beside the actions and the customer.
 * Phones: one column, and the actions in a bottom bar that opens a drawer.
 */
export function TicketDetailPage() {
  const t = useT()
  const pickText = usePick()
  const tryT = useTryT()
  const { id = '' } = useParams()
  const phone = Grid.useBreakpoint().md === false
  const ref = useWorkbenchReference()
  const detail = useTicketDetail(id)
  const [drawer, setDrawer] = useState<'actions' | 'comment' | null>(null)
  const { ticket } = detail

  const back = <Link to="/workbench"><ArrowLeftOutlined /> {t('workbench.detail.back')}</Link>
  if (detail.loading && !ticket) return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />
  if (detail.notFound) return <Result status="404" title={t('workbench.detail.notFound')} extra={back} />
  if (!ticket) return <Alert type="error" showIcon title={t('workbench.loadFailed', { message: errorMessage(detail.error, t) })} />

  const status = pickText(ref.statuses.find(s => s.key === ticket.status)?.name) || ticket.status
  const header = (
    <Card size="small" data-testid="ticket-header">
      {back}
      <Typography.Title level={4} style={{ margin: '8px 0' }} data-testid="ticket-title">{ticket.title}</Typography.Title>
      <Space size={4} wrap>
        <Typography.Text type="secondary" data-testid="ticket-number">{ticket.number}</Typography.Text>
        <Tag color="blue" data-testid="ticket-status" data-status={ticket.status}>{status}</Tag>
        <PriorityTag priority={ticket.priority} />
        <SlaTag state={ticket.slaState} />
        <Tag>{ticket.assigneeId ? staffName(ref.staff, ticket.assigneeId) : t('workbench.unassigned')}</Tag>
      </Space>
    </Card>
  )
  const fields = <TicketFields ticket={ticket} attachments={detail.attachments} columns={phone ? 1 : 2} />
  const fieldLabel = (path: string) => {
    const key = path.replace(/^fields\./, '')
    const field = ticket.template?.form.fields.find(f => f.key === key)
    return field ? pickText(field.label) : tryT(`workbench.col.${key}`, key)
  }
  const timeline = <TicketTimeline events={detail.events} comments={detail.comments} fieldLabel={fieldLabel} />
  const customer = <CustomerCard ticket={ticket} />

  if (phone) {
    return (
      <div className={styles.phone} data-testid="ticket-detail" data-layout="phone">
        <Space orientation="vertical" size="small" style={{ width: '100%' }}>
          {header}
          {fields}
          {customer}
          {timeline}
        </Space>
        <div className={styles.bottomBar} data-testid="bottom-bar">
          <Button icon={<CommentOutlined />} onClick={() => setDrawer('comment')} data-testid="open-comment">{t('workbench.mobile.comment')}</Button>
          <Button type="primary" icon={<ToolOutlined />} onClick={() => setDrawer('actions')} data-testid="open-actions">{t('workbench.mobile.actions')}</Button>
        </div>
        <Drawer open={drawer !== null} onClose={() => setDrawer(null)} placement="bottom" size="80vh"
          title={t(drawer === 'comment' ? 'workbench.mobile.comment' : 'workbench.detail.actions')}>
          {drawer && <TicketActions detail={detail} only={drawer === 'comment' ? 'comment' : undefined} />}
        </Drawer>
      </div>
    )
  }

  return (
    <div data-testid="ticket-detail" data-layout="wide">
      <Row gutter={[16, 16]}>
        <Col span={24}>{header}</Col>
        <Col xs={24} lg={16}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {fields}
            {timeline}
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title={t('workbench.detail.actions')}><TicketActions detail={detail} /></Card>
            {customer}
          </Space>
        </Col>
      </Row>
    </div>
  )
}
