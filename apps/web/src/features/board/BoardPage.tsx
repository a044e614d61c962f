import { useMemo, useState } from 'react'
import { Alert, Button, Card, Col, Empty, Row, Segmented, Select, Space, Typography } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { errorMessage } from '../../api/errors'
import { textIn } from '../../components/ticket-form'
import { useLocaleStore, useT } from '../../i18n'
import type { BoardQuery, BoardRange } from './api'
import { nodeTimeOption, throughputOption } from './charts'
import EChart from './EChart'
import StateColumns from './StateColumns'
import { useBoard } from './useBoard'

const RANGES: BoardRange[] = ['24h', '7d', '30d']

/** `/boards`: the live board — tickets by state and SLA, time per flow node, throughput. */
export default function BoardPage() {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const [query, setQuery] = useState<BoardQuery>({ range: '24h' })
  const { board, error, loading, updatedAt, reload } = useBoard(query)
  const nodeOption = useMemo(() => (board ? nodeTimeOption(board.nodes, t) : undefined), [board, t])
  const flowOption = useMemo(() => (board ? throughputOption(board, t, locale) : undefined), [board, t, locale])
  const all = { value: '', label: t('board.filter.all') }
  const bottleneck = board?.nodes[0]

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="board-page">
      <div>
        <Typography.Title level={3} style={{ marginBottom: 0 }}>{t('board.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('board.subtitle')}</Typography.Text>
      </div>
      <Space wrap>
        <Select
          aria-label={t('board.filter.type')}
          data-testid="board-filter-type"
          style={{ minWidth: 160 }}
          value={query.type ?? ''}
          onChange={v => setQuery(q => ({ ...q, type: v || undefined }))}
          options={[all, ...(board?.filters.types ?? []).map(x => ({ value: x.key, label: textIn(x.name, locale) }))]}
          prefix={`${t('board.filter.type')}:`}
        />
        <Select
          aria-label={t('board.filter.team')}
          style={{ minWidth: 140 }}
          value={query.team ?? ''}
          onChange={v => setQuery(q => ({ ...q, team: v || undefined }))}
          options={[all, ...(board?.filters.teams ?? []).map(x => ({ value: x, label: x }))]}
          prefix={`${t('board.filter.team')}:`}
        />
        <Segmented<BoardRange> value={query.range} onChange={range => setQuery(q => ({ ...q, range }))} options={RANGES.map(r => ({ value: r, label: t(`board.range.${r}`) }))} />
        <Button icon={<ReloadOutlined />} loading={loading} onClick={() => void reload()}>{t('board.refresh')}</Button>
        {updatedAt && <Typography.Text type="secondary" data-testid="board-updated-at">{t('board.updatedAt', { time: updatedAt.toLocaleTimeString(locale) })}</Typography.Text>}
      </Space>
      {error ? <Alert type="error" showIcon message={t('board.loadFailed', { message: errorMessage(error, t) })} /> : null}
      {board && (
        <>
          <Card size="small" title={t('board.states')} extra={t('board.total', { count: board.states.reduce((n, s) => n + s.total, 0) })}>
            <StateColumns states={board.states} />
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('board.nodes')} extra={bottleneck && <span data-testid="board-bottleneck">{t('board.nodes.bottleneck', { node: bottleneck.name })}</span>}>
                {board.nodes.length ? <EChart option={nodeOption!} testId="board-node-chart" /> : <Empty description={t('board.nodes.empty')} />}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('board.throughput')}>
                {board.throughput.some(p => p.created || p.resolved)
                  ? <EChart option={flowOption!} testId="board-throughput-chart" />
                  : <Empty description={t('board.throughput.empty')} />}
              </Card>
            </Col>
          </Row>
        </>
      )}
    </Space>
  )
}
