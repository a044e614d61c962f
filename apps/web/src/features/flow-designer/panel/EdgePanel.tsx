import { Alert, Button, Form, Input, Switch, Tag, Typography } from 'antd'
import { useShallow } from 'zustand/react/shallow'
import { useLocaleStore, useT, type MessageKey } from '../../../i18n'
import { designer, useDesigner } from '../model/store'
import { useValidation } from '../model/validation'
import { ConditionBuilder } from './condition/ConditionBuilder'
import { useNodeTitle } from './fields/refs'

/** Properties of one edge: its name, and for an exclusive gateway's branch: default or condition. */
export function EdgePanel({ id }: { id: string }) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const title = useNodeTitle()
  const edge = useDesigner(s => s.edges.find(e => e.id === id))
  const ends = useDesigner(useShallow((s) => {
    const from = s.nodes.find(n => n.id === edge?.source)
    const to = s.nodes.find(n => n.id === edge?.target)
    return [from?.type ?? '', title(edge?.source ?? '', from?.data.name, from?.type), title(edge?.target ?? '', to?.data.name, to?.type)]
  }))
  const isDefault = useDesigner(s => !!edge && s.defaults[edge.source] === id)
  const diagnostics = useValidation(useShallow(s => s.diagnostics.filter(d => d.edgeId === id)))
  if (!edge) return null
  const [sourceType, fromTitle, toTitle] = ends
  const on = edge.data?.on

  return (
    <div data-testid="edge-panel">
      <Typography.Title level={5}>{t('designer.panel.edgeTitle')} <Typography.Text code>{id}</Typography.Text></Typography.Title>
      <Typography.Paragraph type="secondary">{t('designer.panel.edgeFrom', { from: fromTitle, to: toTitle })}</Typography.Paragraph>
      {diagnostics.map((d, i) => (
        <Alert key={i} type={d.severity === 'error' ? 'error' : 'warning'} showIcon title={d.message[locale]} style={{ marginBottom: 8 }} data-testid="edge-problem" />
      ))}
      <Form layout="vertical" component="div">
        <Form.Item label={t('designer.panel.edgeLabel')} style={{ marginBottom: 12 }}>
          <Input value={edge.data?.label ?? ''} maxLength={60} onChange={e => designer.updateEdge(id, { label: e.target.value || undefined }, 'label')} data-testid="edge-label-input" />
        </Form.Item>
        {on && on !== 'next' && (
          <Form.Item label={t('designer.panel.edgeOutcome')} style={{ marginBottom: 12 }}>
            <Tag color={on === 'error' ? 'red' : 'orange'}>{t(`designer.outcome.${on}` as MessageKey)}</Tag>
          </Form.Item>
        )}
        {sourceType === 'exclusive' && (
          <>
            <Form.Item style={{ marginBottom: 12 }}>
              <Switch checked={isDefault} onChange={v => designer.setDefaultEdge(edge.source, v ? id : undefined)} data-testid="edge-default" />
              <span style={{ marginLeft: 8 }}>{t('designer.panel.isDefault')}</span>
            </Form.Item>
            {isDefault && edge.data?.when === undefined
              ? <Typography.Text type="secondary">{t('designer.panel.defaultHasNoCondition')}</Typography.Text>
              : (
                  <Form.Item label={t('designer.panel.condition')}>
                    <ConditionBuilder key={id} value={edge.data?.when} onChange={when => designer.updateEdge(id, { when }, 'when')} />
                  </Form.Item>
                )}
          </>
        )}
        {sourceType !== 'exclusive' && edge.data?.when !== undefined && (
          <Alert
            type="warning"
            showIcon
            title={t('designer.panel.conditionOnlyGateway')}
            action={<Button size="small" onClick={() => designer.updateEdge(id, { when: undefined })}>{t('designer.cond.clear')}</Button>}
          />
        )}
      </Form>
    </div>
  )
}
