import { DownloadOutlined, SwapOutlined } from '@ant-design/icons'
import { extractLayout, type FlowIR } from '@scrm/flow'
import { App, Button, Drawer, Empty, Modal, Select, Space, Spin, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { errorMessage } from '../../../api/errors'
import { useLocaleStore, useT } from '../../../i18n'
import { flowsApi } from '../api'
import { compileCanvas, toDesignerGraph } from '../model/graph'
import { downloadJson, EXPORT_FORMAT } from '../model/io'
import { useDesigner } from '../model/store'
import { useDesignerUi } from '../model/ui'
import type { FlowVersion } from '../types'
import { DiffView } from './DiffView'
import styles from '../designer.module.css'

const DRAFT = 0

interface Compared { from: FlowIR, to: FlowIR, title: string, layout: ReturnType<typeof extractLayout> }

/** Published versions: export one, or compare any two (or one with the current draft). */
export function VersionsDrawer() {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const { message } = App.useApp()
  const open = useDesignerUi(s => s.versionsOpen)
  const flow = useDesigner(s => s.flow)
  const [versions, setVersions] = useState<FlowVersion[] | null>(null)
  const [pair, setPair] = useState<[number, number]>([DRAFT, DRAFT])
  const [compared, setCompared] = useState<Compared | null>(null)

  useEffect(() => {
    if (!open || !flow) return
    setVersions(null)
    flowsApi.versions(flow.id).then((list) => {
      setVersions(list)
      // Default: the latest version against the draft, or the two latest versions.
      setPair(list.length ? [list[0].version, DRAFT] : [DRAFT, DRAFT])
    }).catch((e) => { setVersions([]); message.error(errorMessage(e, t)) })
  }, [open, flow, message, t])

  const irOf = async (v: number): Promise<FlowIR> => {
    if (v !== DRAFT) return (await flowsApi.version(flow!.id, v)).ir!
    const s = useDesigner.getState()
    return compileCanvas(s.nodes, s.edges, { key: flow!.key, version: (flow!.latestVersion ?? 0) + 1, name: flow!.name })
  }
  const label = (v: number) => (v === DRAFT ? t('designer.versions.draft') : `v${v}`)

  const compare = async () => {
    try {
      const [from, to] = await Promise.all([irOf(pair[0]), irOf(pair[1])])
      const s = useDesigner.getState()
      setCompared({ from, to, title: t('designer.diff.title', { from: label(pair[0]), to: label(pair[1]) }), layout: extractLayout(toDesignerGraph(s.nodes, s.edges)) })
    }
    catch (e) { message.error(errorMessage(e, t)) }
  }

  const exportVersion = async (v: FlowVersion) => {
    try {
      const ir = await irOf(v.version)
      downloadJson(`${ir.key}-v${v.version}.json`, { format: EXPORT_FORMAT, formatVersion: 1, key: ir.key, name: ir.name, ir, layout: {} })
    }
    catch (e) { message.error(errorMessage(e, t)) }
  }

  const options = [{ value: DRAFT, label: t('designer.versions.draft') }, ...(versions ?? []).map(v => ({ value: v.version, label: `v${v.version}` }))]

  return (
    <Drawer title={t('designer.versions.title')} open={open} onClose={() => useDesignerUi.setState({ versionsOpen: false })} size={420} data-testid="versions-drawer">
      <Space wrap style={{ marginBottom: 16 }}>
        <Select value={pair[0]} options={options} onChange={v => setPair([v, pair[1]])} style={{ width: 120 }} data-testid="diff-from" aria-label={t('designer.versions.from')} />
        <SwapOutlined />
        <Select value={pair[1]} options={options} onChange={v => setPair([pair[0], v])} style={{ width: 120 }} data-testid="diff-to" aria-label={t('designer.versions.to')} />
        <Button type="primary" onClick={compare} disabled={pair[0] === pair[1]} data-testid="diff-compare">{t('designer.versions.compare')}</Button>
      </Space>
      {versions && versions.length === 0
        ? <Empty description={t('designer.versions.none')} />
        : (
            <Spin spinning={versions === null}>
              {(versions ?? []).map(v => (
                <div key={v.version} className={styles.versionRow} data-testid="version-item">
                  <div>
                    <Tag color="green">{t('designer.versions.version', { version: v.version })}</Tag>
                    <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('designer.versions.publishedAt', { time: v.publishedAt ? new Date(v.publishedAt).toLocaleString(locale) : '—' })}</Typography.Text></div>
                  </div>
                  <Button size="small" type="link" icon={<DownloadOutlined />} onClick={() => exportVersion(v)}>{t('designer.versions.export')}</Button>
                </div>
              ))}
            </Spin>
          )}
      <Modal open={!!compared} title={compared?.title} onCancel={() => setCompared(null)} footer={null} width="90vw" destroyOnHidden>
        {compared && <DiffView from={compared.from} to={compared.to} layout={compared.layout} />}
      </Modal>
    </Drawer>
  )
}
