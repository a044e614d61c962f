import { PlusOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Select, Space, Switch, Table, Tag, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import { errorMessage } from '../../../api/errors'
import { useLocaleStore, useT } from '../../../i18n'
import { useAuthStore } from '../../../stores/auth'
import { templatesApi, type TemplateInfo, type TicketType } from '../api'
import { flowsApi } from '../../flow-designer/api'
import type { FlowSummary } from '../../flow-designer/types'
import { CreateTemplateModal } from './CreateTemplateModal'
import { CreateTypeModal } from './CreateTypeModal'

/** /templates — ticket types and the templates they are filled with (versions, status). */
export function TemplateListPage() {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const { message } = App.useApp()
  const isAdmin = useAuthStore(s => s.user?.role === 'admin')
  const [templates, setTemplates] = useState<TemplateInfo[] | null>(null)
  const [types, setTypes] = useState<TicketType[]>([])
  // Published flows a ticket type can run through (a draft-only flow has nothing to start yet).
  const [flows, setFlows] = useState<FlowSummary[]>([])
  const [error, setError] = useState<unknown>(null)
  const [creating, setCreating] = useState<'template' | 'type' | null>(null)

  const load = useCallback(async () => {
    try {
      const [tpls, tys, fl] = await Promise.all([templatesApi.list(), templatesApi.types(), flowsApi.list({ limit: 200 })])
      setTemplates(tpls)
      setTypes(tys)
      setFlows(fl.items.filter(f => f.latestVersion !== null))
      setError(null)
    }
    catch (e) { setError(e) }
  }, [])
  useEffect(() => { void load() }, [load])

  const patchType = async (type: TicketType, patch: Parameters<typeof templatesApi.patchType>[1]) => {
    try {
      const next = await templatesApi.patchType(type.id, patch)
      setTypes(ts => ts.map(x => (x.id === next.id ? next : x)))
    }
    catch (e) { message.error(errorMessage(e, t)) }
  }
  const nameOf = (id: string | null) => templates?.find(x => x.id === id)?.name[locale]

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="template-list">
      <div>
        <Typography.Title level={3} style={{ marginBottom: 0 }}>{t('tpl.list.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('tpl.list.subtitle')}</Typography.Text>
      </div>
      {!!error && <Alert type="error" showIcon title={errorMessage(error, t)} />}
      <Card
        title={t('tpl.list.templates')}
        extra={isAdmin && <Button type="primary" icon={<PlusOutlined />} data-testid="new-template" onClick={() => setCreating('template')}>{t('tpl.list.new')}</Button>}
      >
        <Table<TemplateInfo>
          rowKey="id"
          size="small"
          loading={templates === null && !error}
          dataSource={templates ?? []}
          pagination={false}
          locale={{ emptyText: t('tpl.list.empty') }}
          columns={[
            { title: t('tpl.list.name'), key: 'name', render: (_, r) => <Link to={`/templates/${r.id}`} data-testid={`template-${r.key}`}>{r.name[locale]}</Link> },
            { title: t('tpl.list.key'), dataIndex: 'key', render: (k: string) => <code>{k}</code> },
            {
              title: t('tpl.list.status'),
              key: 'status',
              render: (_, r) => r.archived
                ? <Tag>{t('tpl.status.archived')}</Tag>
                : r.currentVersion
                  ? <Tag color="green">{t('tpl.versions.label', { version: r.currentVersion })}</Tag>
                  : <Tag color="orange">{t('tpl.status.unpublished')}</Tag>,
            },
            { title: t('tpl.list.usedBy'), key: 'types', render: (_, r) => types.filter(x => x.templateId === r.id).map(x => <Tag key={x.id}>{x.name[locale]}</Tag>) },
            { title: t('tpl.list.updated'), dataIndex: 'updatedAt', render: (d: string) => new Date(d).toLocaleString() },
          ]}
        />
      </Card>
      <Card
        title={t('tpl.types.title')}
        extra={isAdmin && <Button icon={<PlusOutlined />} data-testid="new-type" onClick={() => setCreating('type')}>{t('tpl.types.new')}</Button>}
      >
        <Table<TicketType>
          rowKey="id"
          size="small"
          dataSource={types}
          pagination={false}
          locale={{ emptyText: t('tpl.types.empty') }}
          columns={[
            { title: t('tpl.list.name'), key: 'name', render: (_, r) => r.name[locale] },
            { title: t('tpl.list.key'), dataIndex: 'key', render: (k: string) => <code>{k}</code> },
            {
              title: t('tpl.types.template'),
              key: 'template',
              render: (_, r) => isAdmin
                ? <Select style={{ minWidth: 180 }} allowClear value={r.templateId ?? undefined} placeholder={t('tpl.types.noTemplate')} onChange={(v?: string) => patchType(r, { templateId: v ?? null })} options={(templates ?? []).map(x => ({ value: x.id, label: x.name[locale] }))} />
                : nameOf(r.templateId) ?? t('tpl.types.noTemplate'),
            },
            {
              title: t('tpl.types.flow'),
              key: 'flow',
              render: (_, r) => isAdmin
                ? <Select style={{ minWidth: 180 }} allowClear data-testid={`type-flow-${r.key}`} value={r.flowKey ?? undefined} placeholder={t('tpl.types.noFlow')}
                    onChange={(v?: string) => patchType(r, { flowKey: v ?? null })} options={flows.map(f => ({ value: f.key, label: `${f.name} (v${f.latestVersion})` }))} />
                : flows.find(f => f.key === r.flowKey)?.name ?? r.flowKey ?? t('tpl.types.noFlow'),
            },
            { title: t('tpl.types.active'), key: 'active', render: (_, r) => <Switch checked={r.active} disabled={!isAdmin} onChange={active => patchType(r, { active })} /> },
          ]}
        />
      </Card>
      <CreateTemplateModal open={creating === 'template'} onClose={() => setCreating(null)} />
      <CreateTypeModal open={creating === 'type'} templates={templates ?? []} onClose={() => setCreating(null)} onCreated={load} />
    </Space>
  )
}
