import { useCallback, useEffect, useState } from 'react'
import { useParams } from 'react-router-dom'
import { Alert, Button, Card, Descriptions, Empty, Input, List, Result, Space, Spin, Steps, Tag, Timeline, App } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { ApiError } from '../../api/client'
import { errorMessage } from '../../api/errors'
import { textIn } from '../../components/ticket-form'
import { useLocaleStore, useT, type TFunction } from '../../i18n'
import { portalApi, type Tracking } from './api'
import PortalShell from './PortalShell'

const when = (iso: string | null | undefined, locale: string) => (iso ? new Date(iso).toLocaleString(locale) : '')

function eventText(e: Tracking['events'][number], t: TFunction, locale: 'zh-CN' | 'en-US'): string {
  const data = Object.fromEntries(Object.entries(e.data).map(([k, v]) => [k, typeof v === 'object' && v ? textIn(v as never, locale) : String(v)]))
  switch (e.kind) {
    case 'created': case 'status_changed': case 'reopened': case 'merged_into': case 'commented':
      return t(`track.event.${e.kind}`, data)
    default:
      return t('track.event.other')
  }
}

/** `/portal/track/:token`: what the customer may see of their ticket, and a public reply box. */
export default function TrackingPage() {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const { message } = App.useApp()
  const { token = '' } = useParams()
  const [data, setData] = useState<Tracking>()
  const [error, setError] = useState<unknown>()
  const [reply, setReply] = useState('')
  const [sending, setSending] = useState(false)

  const load = useCallback(() => portalApi.track(token).then(setData, setError), [token])
  useEffect(() => { void load() }, [load])

  const send = async () => {
    setSending(true)
    try {
      await portalApi.reply(token, reply.trim())
      setReply('')
      message.success(t('track.sent'))
      await load()
    }
    catch (e) { message.error(t('track.sendFailed', { message: errorMessage(e, t) })) }
    finally { setSending(false) }
  }

  if (error) {
    return (
      <PortalShell title={t('track.title')}>
        {error instanceof ApiError && error.status === 404
          ? <Result status="404" title={t('track.notFound')} />
          : <Alert type="error" showIcon message={errorMessage(error, t)} />}
      </PortalShell>
    )
  }
  if (!data) return <PortalShell title={t('track.title')}><Spin tip={t('track.loading')}><div style={{ height: 120 }} /></Spin></PortalShell>

  const current = Math.max(0, data.steps.filter(s => s.reached).length - 1)
  const done = data.status.category === 'closed'
  return (
    <PortalShell title={t('track.title')}>
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {data.mergedFrom && <Alert type="info" showIcon message={t('track.mergedFrom', { number: data.mergedFrom })} />}
        <Card size="small" title={t('track.number', { number: data.number })} extra={<Button size="small" icon={<ReloadOutlined />} onClick={load} aria-label={t('track.refresh')} />}>
          <Steps
            data-testid="tracking-steps"
            direction="vertical"
            size="small"
            current={current}
            status={done ? 'finish' : 'process'}
            items={data.steps.map(s => ({ title: s.name ? textIn(s.name, locale) : t(`track.step.${s.category}`), description: when(s.at, locale) }))}
          />
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('track.status')}><Tag color="blue" data-testid="tracking-status">{data.status.name ? textIn(data.status.name, locale) : data.status.key}</Tag></Descriptions.Item>
            <Descriptions.Item label={t('track.eta')}><span data-testid="tracking-eta">{data.eta ? when(data.eta, locale) : t('track.etaUnknown')}</span></Descriptions.Item>
          </Descriptions>
        </Card>
        <Card size="small" title={t('track.comments')}>
          {data.comments.length === 0
            ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('track.noComments')} />
            : (
                <List
                  size="small"
                  dataSource={data.comments}
                  renderItem={c => (
                    <List.Item>
                      <List.Item.Meta title={<Space><Tag color={c.from === 'staff' ? 'geekblue' : 'green'}>{t(c.from === 'staff' ? 'track.fromStaff' : 'track.fromCustomer')}</Tag><span>{when(c.at, locale)}</span></Space>} description={<span style={{ whiteSpace: 'pre-wrap' }}>{c.body}</span>} />
                    </List.Item>
                  )}
                />
              )}
          {!done && (
            <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
              <Input.TextArea aria-label={t('track.reply')} placeholder={t('track.replyPlaceholder')} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} value={reply} onChange={e => setReply(e.target.value)} />
              <Button type="primary" block disabled={!reply.trim()} loading={sending} onClick={send}>{t('track.send')}</Button>
            </Space>
          )}
        </Card>
        <Card size="small" title={t('track.timeline')}>
          <Timeline items={[...data.events].reverse().map(e => ({ children: <><div>{eventText(e, t, locale)}</div><small>{when(e.at, locale)}</small></> }))} />
        </Card>
      </Space>
    </PortalShell>
  )
}
