import { DeleteOutlined, DownloadOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons'
import { App, Button, Card, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import { ApiError } from '../../../api/client'
import { errorMessage } from '../../../api/errors'
import { useLocaleStore, useT } from '../../../i18n'
import { flowsApi } from '../api'
import { toCanvas } from '../model/graph'
import { downloadJson, exportFlow, parseFlowFile, pickJsonFile } from '../model/io'
import type { FlowPage, FlowRecord, FlowSummary } from '../types'
import { CreateFlowModal } from './CreateFlowModal'

export function StatusTag({ flow }: { flow: Pick<FlowRecord, 'latestVersion' | 'status'> }) {
  const t = useT()
  if (!flow.latestVersion) return <Tag data-testid="flow-status">{t('designer.status.draft')}</Tag>
  return flow.status === 'modified'
    ? <Tag color="gold" data-testid="flow-status">{t('designer.status.modified', { version: flow.latestVersion })}</Tag>
    : <Tag color="green" data-testid="flow-status">{t('designer.status.published', { version: flow.latestVersion })}</Tag>
}

const PAGE_SIZE = 20

/** Import a file as a new flow; a taken key gets a numeric suffix. */
async function importAsNewFlow(file: { name: string, text: string }): Promise<FlowRecord> {
  const parsed = parseFlowFile(file.text)
  const base = (parsed.key ?? file.name.replace(/\.json$/i, '')).replace(/[^\w.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'imported'
  const name = parsed.name ?? file.name.replace(/\.json$/i, '')
  for (let i = 1; ; i++) {
    try { return await flowsApi.create({ key: i === 1 ? base : `${base}-${i}`, name, graph: parsed.graph }) }
    catch (e) { if (!(e instanceof ApiError && e.status === 409) || i >= 20) throw e }
  }
}

export function FlowListPage() {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const { message } = App.useApp()
  const [page, setPage] = useState<FlowPage | null>(null)
  const [query, setQuery] = useState('')
  const [current, setCurrent] = useState(1)
  const [creating, setCreating] = useState(false)

  // The server searches and pages: the list carries summaries, never drafts.
  const reload = useCallback(() => {
    const q = query.trim()
    flowsApi.list({ q: q || undefined, limit: PAGE_SIZE, offset: (current - 1) * PAGE_SIZE })
      .then(setPage)
      .catch((e) => { setPage({ items: [], total: 0 }); message.error(errorMessage(e, t)) })
  }, [message, t, query, current])
  useEffect(() => {
    const timer = setTimeout(reload, 200) // typing in the search box sends one request, not one per key
    return () => clearTimeout(timer)
  }, [reload])

  const onImport = async () => {
    const file = await pickJsonFile()
    if (!file) return
    try {
      const flow = await importAsNewFlow(file)
      message.success(t('designer.list.imported', { name: flow.name }))
      reload()
    }
    catch (e) {
      const msg = e instanceof Error && e.message === 'notFlow' ? t('designer.import.notFlow') : errorMessage(e, t)
      message.error(t('designer.import.failed', { message: msg }))
    }
  }

  const onExport = async (summary: FlowSummary) => {
    try {
      const f = await flowsApi.get(summary.id)
      const { nodes, edges } = toCanvas(f.graph)
      downloadJson(`${f.key}.json`, exportFlow({ key: f.key, name: f.name, version: (f.latestVersion ?? 0) + 1 }, nodes, edges))
    }
    catch (e) { message.error(errorMessage(e, t)) }
  }

  const onDelete = async (f: FlowSummary) => {
    try {
      await flowsApi.remove(f.id)
      message.success(t('designer.list.deleted'))
      reload()
    }
    catch (e) { message.error(errorMessage(e, t)) }
  }

  return (
    <Card
      title={t('designer.list.title')}
      data-testid="flow-list"
      extra={(
        <Space>
          <Input.Search allowClear placeholder={t('designer.list.search')} onChange={(e) => { setQuery(e.target.value); setCurrent(1) }} style={{ width: 220 }} />
          <Button icon={<ImportOutlined />} onClick={onImport} data-testid="import-flow">{t('designer.list.import')}</Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-flow">{t('designer.list.new')}</Button>
        </Space>
      )}
    >
      <Typography.Paragraph type="secondary">{t('designer.list.subtitle')}</Typography.Paragraph>
      <Table<FlowSummary>
        rowKey="id"
        loading={page === null}
        dataSource={page?.items ?? []}
        locale={{ emptyText: t('designer.list.empty') }}
        pagination={{ pageSize: PAGE_SIZE, current, total: page?.total ?? 0, hideOnSinglePage: true, onChange: setCurrent }}
        columns={[
          { title: t('designer.list.name'), dataIndex: 'name', render: (name: string, f) => <Link to={`/flows/${f.id}`}>{name}</Link> },
          { title: t('designer.list.key'), dataIndex: 'key', render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
          { title: t('designer.list.status'), key: 'status', render: (_, f) => <StatusTag flow={f} /> },
          { title: t('designer.list.nodes'), dataIndex: 'nodeCount', align: 'right' },
          { title: t('designer.list.updated'), dataIndex: 'draftUpdatedAt', render: (d: string | null) => (d ? new Date(d).toLocaleString(locale) : '—') },
          { title: t('designer.list.updatedBy'), dataIndex: 'updatedBy', render: (u: FlowSummary['updatedBy']) => u?.name ?? '—' },
          {
            title: t('designer.list.actions'),
            key: 'actions',
            render: (_, f) => (
              <Space size="small">
                <Link to={`/flows/${f.id}`}>{t('designer.list.open')}</Link>
                <Button type="link" size="small" icon={<DownloadOutlined />} onClick={() => onExport(f)}>{t('designer.list.export')}</Button>
                <Popconfirm title={t('designer.list.deleteConfirm', { name: f.name })} onConfirm={() => onDelete(f)}>
                  <Button type="link" size="small" danger icon={<DeleteOutlined />}>{t('designer.list.delete')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <CreateFlowModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  )
}
