import type { FlowIR } from '@scrm/flow'
import { Background, Controls, Handle, Position, ReactFlow, ReactFlowProvider, type NodeProps, type NodeTypes, type Node } from '@xyflow/react'
import { Col, Empty, Row, Tag, Typography } from 'antd'
import { memo, useMemo } from 'react'
import { useLocaleStore, useT } from '../../../i18n'
import { CanvasIcon } from '../canvas/icons'
import { useCatalog } from '../model/catalog'
import { handlesFor } from '../model/graph'
import styles from '../designer.module.css'
import { diffGraph, type DiffNodeData } from './diff-graph'

const STATUS_CLASS = { added: styles.diffAdded, removed: styles.diffRemoved, changed: styles.diffChanged, same: '' }
const STATUS_COLOR = { added: 'green', removed: 'red', changed: 'orange', same: 'default' } as const

const DiffNode = memo(({ id, type, data }: NodeProps<Node<DiffNodeData>>) => {
  const locale = useLocaleStore(s => s.locale)
  const info = useCatalog(s => s.byType[type])
  const { target, sources } = handlesFor(type)
  return (
    <div className={`${styles.node} ${STATUS_CLASS[data.status]}`} data-testid={`diff-node-${id}`} data-status={data.status}>
      {target && <Handle type="target" position={Position.Left} id="in" isConnectable={false} className={styles.handle} />}
      <CanvasIcon type={type} icon={info?.icon} className={styles.nodeIcon} />
      <div className={styles.nodeText}>
        <div className={styles.nodeName}>{data.name || info?.label[locale] || type}</div>
        <div className={styles.nodeType}>{info?.label[locale] ?? type} · {id}</div>
      </div>
      {sources.map(h => <Handle key={h} type="source" id={h} position={h === 'next' ? Position.Right : Position.Bottom} isConnectable={false} className={styles.handle} />)}
    </div>
  )
})

const NODE_TYPES = new Proxy({}, { get: () => DiffNode }) as NodeTypes

/** Two versions on one read-only canvas, with added (green), removed (red) and changed (orange) nodes. */
export function DiffView({ from, to, layout }: { from: FlowIR, to: FlowIR, layout: Record<string, { x: number, y: number }> }) {
  const t = useT()
  const { diff, nodes, edges } = useMemo(() => diffGraph(from, to, layout), [from, to, layout])
  const changes = [
    ...diff.nodes.added.map(n => ({ id: n.id, name: n.name, status: 'added' as const, fields: [] as string[] })),
    ...diff.nodes.removed.map(n => ({ id: n.id, name: n.name, status: 'removed' as const, fields: [] as string[] })),
    ...diff.nodes.changed.map(c => ({ id: c.id, name: c.after.name, status: 'changed' as const, fields: c.fields })),
  ]
  const edgeCount = diff.edges.added.length + diff.edges.removed.length + diff.edges.changed.length
  return (
    <Row gutter={12} data-testid="diff-view">
      <Col span={17}>
        <div className={styles.diffCanvas}>
          <ReactFlowProvider>
            <ReactFlow nodes={nodes} edges={edges} nodeTypes={NODE_TYPES} fitView minZoom={0.05} nodesDraggable={false} nodesConnectable={false} elementsSelectable={false}>
              <Background gap={16} size={1} />
              <Controls showInteractive={false} />
            </ReactFlow>
          </ReactFlowProvider>
        </div>
      </Col>
      <Col span={7}>
        <div style={{ marginBottom: 8 }}>
          <Tag color="green">{t('designer.diff.added')}</Tag>
          <Tag color="red">{t('designer.diff.removed')}</Tag>
          <Tag color="orange">{t('designer.diff.changed')}</Tag>
        </div>
        {changes.length === 0 && edgeCount === 0
          ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('designer.diff.same')} />
          : (
              <div data-testid="diff-changes">
                <Typography.Text strong>{t('designer.diff.nodes')}</Typography.Text>
                {changes.map(c => (
                  <div key={`${c.status}:${c.id}`} className={styles.problem} data-testid="diff-change" data-status={c.status}>
                    <div>
                      <Tag color={STATUS_COLOR[c.status]}>{t(`designer.diff.${c.status}`)}</Tag>
                      {c.name ? `${c.name} (${c.id})` : c.id}
                      {c.fields.length > 0 && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('designer.diff.fields', { fields: c.fields.join(', ') })}</Typography.Text></div>}
                    </div>
                  </div>
                ))}
                <Typography.Text type="secondary">{t('designer.diff.edges')}: +{diff.edges.added.length} −{diff.edges.removed.length} ~{diff.edges.changed.length}</Typography.Text>
              </div>
            )}
      </Col>
    </Row>
  )
}
