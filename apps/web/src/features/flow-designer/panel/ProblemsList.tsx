import { CloseCircleFilled, WarningFilled } from '@ant-design/icons'
import type { Diagnostic } from '@scrm/flow'
import { useReactFlow } from '@xyflow/react'
import { Empty, Typography } from 'antd'
import { useLocaleStore, useT } from '../../../i18n'
import { designer, useDesigner } from '../model/store'
import { useDesignerUi } from '../model/ui'
import { useValidation } from '../model/validation'
import styles from '../designer.module.css'

/** Every diagnostic of the draft (and of a refused publish); clicking one selects its node or edge. */
export function ProblemsList() {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const diagnostics = useValidation(s => s.diagnostics)
  const server = useValidation(s => s.server)
  const { fitView } = useReactFlow()

  const go = (d: Diagnostic) => {
    if (!d.nodeId && !d.edgeId) return
    const edge = d.edgeId ? useDesigner.getState().edges.find(e => e.id === d.edgeId) : undefined
    // An edge diagnostic selects the edge (its condition is edited there); others the node.
    designer.selectOnly(edge ? { edgeId: edge.id } : { nodeId: d.nodeId })
    const focus = edge ? [edge.source, edge.target] : [d.nodeId!]
    void fitView({ nodes: focus.map(id => ({ id })), maxZoom: 1.2, duration: 300 })
    useDesignerUi.setState({ tab: 'properties' })
  }

  const list = (items: Diagnostic[], prefix: string) => items.map((d, i) => (
    <div key={`${prefix}${i}`} className={styles.problem} onClick={() => go(d)} data-testid="problem" data-code={d.code} data-node={d.nodeId}>
      {d.severity === 'error' ? <CloseCircleFilled style={{ color: '#ff4d4f', marginTop: 3 }} /> : <WarningFilled style={{ color: '#faad14', marginTop: 3 }} />}
      <div>
        <div>{d.message[locale]}</div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {d.nodeId ?? d.edgeId ?? t('designer.problems.flow')} · {d.code}
        </Typography.Text>
      </div>
    </div>
  ))

  if (!diagnostics.length && !server.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('designer.problems.none')} />
  return (
    <div data-testid="problems-list">
      {list(diagnostics, 'l')}
      {server.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>{t('designer.problems.server')}</Typography.Title>
          {list(server, 's')}
        </>
      )}
    </div>
  )
}
