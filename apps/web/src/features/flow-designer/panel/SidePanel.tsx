import { Badge, Empty, Tabs } from 'antd'
import { useEffect } from 'react'
import { useT } from '../../../i18n'
import { useDesigner, type DesignerState } from '../model/store'
import { useDesignerUi } from '../model/ui'
import { useValidation } from '../model/validation'
import styles from '../designer.module.css'
import { EdgePanel } from './EdgePanel'
import { NodePanel } from './NodePanel'
import { ProblemsList } from './ProblemsList'

/** "n:<id>", "e:<id>", "m:<count>" or "" — a string, so the panel re-renders only when it changes. */
function selectionKey(s: DesignerState): string {
  let nodes = 0
  let edges = 0
  let key = ''
  for (const n of s.nodes) if (n.selected) { nodes++; key = `n:${n.id}` }
  for (const e of s.edges) if (e.selected) { edges++; if (!nodes) key = `e:${e.id}` }
  if (nodes + edges > 1) return nodes === 1 ? key : `m:${nodes + edges}`
  return key
}

function Selection({ sel }: { sel: string }) {
  const t = useT()
  if (sel.startsWith('n:')) return <NodePanel key={sel} id={sel.slice(2)} />
  if (sel.startsWith('e:')) return <EdgePanel key={sel} id={sel.slice(2)} />
  const description = sel.startsWith('m:') ? t('designer.panel.multiple', { count: sel.slice(2) }) : t('designer.panel.nothing')
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} />
}

export function SidePanel() {
  const t = useT()
  const tab = useDesignerUi(s => s.tab)
  const sel = useDesigner(selectionKey)
  const errors = useValidation(s => s.errors + s.server.length)
  const warnings = useValidation(s => s.warnings)

  useEffect(() => {
    if (sel.startsWith('n:') || sel.startsWith('e:')) useDesignerUi.setState({ tab: 'properties' })
  }, [sel])

  return (
    <div className={styles.side} data-testid="side-panel">
      <Tabs
        className={styles.sideTabs}
        activeKey={tab}
        onChange={k => useDesignerUi.setState({ tab: k as 'properties' | 'problems' })}
        items={[
          { key: 'properties', label: t('designer.panel.properties'), children: <Selection sel={sel} /> },
          {
            key: 'problems',
            label: (
              <span data-testid="problems-tab">
                {t('designer.panel.problems')}{' '}
                <Badge count={errors || warnings} color={errors ? '#ff4d4f' : '#faad14'} size="small" showZero={false} />
              </span>
            ),
            children: <ProblemsList />,
          },
        ]}
      />
    </div>
  )
}
