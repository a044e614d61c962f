import { Alert, Descriptions, Form, Input, Typography } from 'antd'
import { useShallow } from 'zustand/react/shallow'
import { useLocaleStore, useT } from '../../../i18n'
import { schemaFor, useCatalog } from '../model/catalog'
import { designer, useDesigner } from '../model/store'
import { useValidation } from '../model/validation'
import { NodeIcon } from '../canvas/icons'
import { SchemaForm } from './SchemaForm'

/** Properties of one node: name, then the config form generated from its type's schema. */
export function NodePanel({ id }: { id: string }) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  // Data and type, not the node: dragging the node must not re-render its form.
  const data = useDesigner(s => s.nodes.find(n => n.id === id)?.data)
  const type = useDesigner(s => s.nodes.find(n => n.id === id)?.type)
  const info = useCatalog(s => (type ? s.byType[type] : undefined))
  useCatalog(s => s.status) // re-render when the catalog (and with it plugin schemas) arrives
  const diagnostics = useValidation(useShallow(s => s.diagnostics.filter(d => d.nodeId === id)))
  if (!data || !type) return null
  const schema = schemaFor(type)
  const hasFields = !!schema?.properties && Object.keys(schema.properties).length > 0
  // Field-level findings show under their field; the rest (structure, branches) on top.
  const general = diagnostics.filter(d => !d.field || d.edgeId)

  return (
    <div data-testid="node-panel">
      <Typography.Title level={5} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <NodeIcon type={type} icon={info?.icon} /> {info?.label[locale] ?? type}
      </Typography.Title>
      {general.map((d, i) => (
        <Alert key={i} type={d.severity === 'error' ? 'error' : 'warning'} showIcon title={d.message[locale]} style={{ marginBottom: 8 }} data-testid="node-problem" />
      ))}
      <Form layout="vertical" component="div">
        <Form.Item label={t('designer.panel.nodeName')} style={{ marginBottom: 12 }}>
          <Input
            value={data.name ?? ''}
            placeholder={info?.label[locale] ?? type}
            maxLength={100}
            onChange={e => designer.updateNode(id, { name: e.target.value || undefined }, 'name')}
            data-testid="node-name"
          />
        </Form.Item>
      </Form>
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }} items={[{ key: 'id', label: t('designer.panel.nodeId'), children: <Typography.Text code copyable>{id}</Typography.Text> }]} />
      {!schema && <Alert type="warning" showIcon title={t('designer.panel.unknownType')} />}
      {schema && !hasFields && <Typography.Text type="secondary">{t('designer.panel.noConfig')}</Typography.Text>}
      {schema && hasFields && (
        <SchemaForm
          schema={schema}
          value={data.config}
          nodeId={id}
          diagnostics={diagnostics}
          onChange={(config, key) => designer.updateNode(id, { config: Object.keys(config).length ? config : undefined }, `config.${key}`)}
        />
      )}
    </div>
  )
}
