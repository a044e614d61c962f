import { Card, Col, Row, Space, Tag, Typography } from 'antd'
import { textIn } from '../../components/ticket-form'
import { useLocaleStore, useT } from '../../i18n'
import type { BoardState } from './api'

/** Red overdue, yellow at risk, green on time: the colours the board is read by. */
export const SLA_COLORS = { breached: '#f5222d', atRisk: '#faad14', ok: '#52c41a', none: '#d9d9d9' } as const
const SLA_KEYS = ['breached', 'atRisk', 'ok', 'none'] as const
const LABEL = { breached: 'board.sla.overdue', atRisk: 'board.sla.atRisk', ok: 'board.sla.ok', none: 'board.sla.none' } as const

/** One card per status: the count, and a bar split by SLA state. */
export default function StateColumns({ states }: { states: BoardState[] }) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  return (
    <Row gutter={[12, 12]}>
      {states.map(s => (
        <Col key={s.key} xs={12} sm={8} lg={4}>
          <Card size="small" data-testid={`board-state-${s.key}`} data-total={s.total} data-overdue={s.sla.breached} data-at-risk={s.sla.atRisk} data-ok={s.sla.ok}>
            <Typography.Text type="secondary">{textIn(s.name, locale)}</Typography.Text>
            <div style={{ fontSize: 28, fontWeight: 600 }}>{s.total}</div>
            <div aria-hidden style={{ display: 'flex', height: 8, borderRadius: 4, overflow: 'hidden', background: '#f0f0f0', margin: '4px 0 8px' }}>
              {SLA_KEYS.map(k => (s.sla[k] ? <div key={k} style={{ flex: s.sla[k], background: SLA_COLORS[k] }} /> : null))}
            </div>
            <Space size={[4, 4]} wrap>
              {SLA_KEYS.filter(k => k !== 'none' && s.sla[k]).map(k => (
                <Tag key={k} variant="solid" color={SLA_COLORS[k]} data-sla={k}>{t(LABEL[k])} {s.sla[k]}</Tag>
              ))}
            </Space>
          </Card>
        </Col>
      ))}
    </Row>
  )
}
