import { Button, Radio, Select, Space, Typography } from 'antd'
import { useShallow } from 'zustand/react/shallow'
import { useLocaleStore, useT } from '../../../../i18n'
import { useCatalog } from '../../model/catalog'
import { designer, useDesigner } from '../../model/store'
import { summarize } from '../condition/model'

const SEP = '\u0000'

/** How a node is called in pickers: its name, else its type's label, plus its id. */
export function useNodeTitle(): (id: string, name: string | undefined, type: string | undefined) => string {
  const locale = useLocaleStore(s => s.locale)
  const byType = useCatalog(s => s.byType)
  return (id, name, type) => `${name || (type && byType[type]?.label[locale]) || type || ''} (${id})`
}

/**
 * An exclusive gateway's branches: choose the default one, see each condition, jump to an edge
 * to edit its condition. This is the `edgeRef` widget of the gateway's `default`.
 */
export function GatewayBranches({ nodeId, value, onChange }: { nodeId: string, value: unknown, onChange: (v: string | undefined) => void }) {
  const t = useT()
  const title = useNodeTitle()
  const rows = useDesigner(useShallow((s) => {
    const out: string[] = []
    for (const e of s.edges) {
      if (e.source !== nodeId) continue
      const target = s.nodes.find(n => n.id === e.target)
      out.push([e.id, title(e.target, target?.data.name, target?.type), JSON.stringify(e.data?.when ?? null), e.data?.label ?? ''].join(SEP))
    }
    return out
  }))
  const words = {
    and: t('designer.cond.and'), or: t('designer.cond.or'), empty: t('designer.cond.op.empty'),
    notEmpty: t('designer.cond.op.notEmpty'), contains: t('designer.cond.op.contains'), in: t('designer.cond.op.in'),
  }
  if (!rows.length) return <Typography.Text type="secondary">{t('designer.panel.none')}</Typography.Text>
  return (
    <Radio.Group value={value ?? null} onChange={e => onChange(e.target.value ?? undefined)} style={{ width: '100%' }} data-testid="gateway-branches">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {rows.map((row) => {
          const [edgeId, target, when, label] = row.split(SEP)
          const cond = when === 'null' ? undefined : summarize(JSON.parse(when), words) ?? 'ƒ'
          return (
            <div key={edgeId} style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
              <Radio value={edgeId} data-testid={`default-${edgeId}`}>
                → {label || target}
              </Radio>
              <Typography.Text type="secondary" ellipsis style={{ flex: 1, fontSize: 12 }}>
                {value === edgeId ? t('designer.edge.default') : cond ?? ''}
              </Typography.Text>
              <Button size="small" type="link" onClick={() => designer.selectOnly({ edgeId })} data-testid={`edit-branch-${edgeId}`}>
                {t('designer.panel.condition')}
              </Button>
            </div>
          )
        })}
      </Space>
    </Radio.Group>
  )
}

/** Pick a user task or approval on the canvas (an SLA boundary's watched task). */
export function NodeRefSelect({ value, onChange }: { value: unknown, onChange: (v: string | undefined) => void }) {
  const t = useT()
  const title = useNodeTitle()
  const options = useDesigner(useShallow(s => s.nodes
    .filter(n => n.type === 'userTask' || n.type === 'approval')
    .map(n => [n.id, title(n.id, n.data.name, n.type)].join(SEP))))
  return (
    <Select
      allowClear
      value={typeof value === 'string' ? value : undefined}
      placeholder={t('designer.panel.select')}
      onChange={(v?: string) => onChange(v || undefined)}
      options={options.map((o) => {
        const [id, label] = o.split(SEP)
        return { value: id, label }
      })}
    />
  )
}
