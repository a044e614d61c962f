import { App, Button, Card, Checkbox, Empty, List, Popconfirm, Space, Tag, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { ApiError } from '../../api/client'
import { errorMessage } from '../../api/errors'
import { useT } from '../../i18n'
import { usePick } from '../workbench/text'
import { adminApi, type IndustryTemplate } from './api'

/**
 * Industry templates (家电售后, 餐饮投诉, …): install one into this tenant in one transaction, or remove
 * it. The server refuses an uninstall while open tickets exist; the admin may then force it.
 */
export function IndustryTab() {
  const t = useT()
  const pick = usePick()
  const { message, modal } = App.useApp()
  const [items, setItems] = useState<IndustryTemplate[] | null>(null)
  const [demo, setDemo] = useState(true)
  const [busy, setBusy] = useState<string | null>(null)

  const reload = useCallback(async () => {
    try { setItems(await adminApi.industryTemplates()) }
    catch (e) { message.error(errorMessage(e, t)) }
  }, [message, t])
  useEffect(() => { void reload() }, [reload])

  const run = async (id: string, action: () => Promise<unknown>, done: string) => {
    setBusy(id)
    try {
      await action()
      message.success(done)
      await reload()
    }
    catch (e) { message.error(errorMessage(e, t)) }
    finally { setBusy(null) }
  }

  const uninstall = (item: IndustryTemplate) => run(item.id, async () => {
    try { await adminApi.uninstallIndustry(item.id, false) }
    catch (e) {
      // Open tickets of its types: say how many and let the admin close them on purpose.
      if (!(e instanceof ApiError) || e.status !== 409) throw e
      const ok = await modal.confirm({ title: t('admin.industry.forceTitle'), content: e.message, okButtonProps: { danger: true }, okText: t('admin.industry.force') })
      if (!ok) throw e
      await adminApi.uninstallIndustry(item.id, true)
    }
  }, t('admin.industry.uninstalled', { name: pick(item.name) }))

  if (items && !items.length) return <Empty description={t('admin.industry.none')} />
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="industry-tab">
      <Checkbox checked={demo} onChange={e => setDemo(e.target.checked)}>{t('admin.industry.withDemo')}</Checkbox>
      <List
        loading={items === null}
        grid={{ gutter: 16, xs: 1, md: 2, xl: 3 }}
        dataSource={items ?? []}
        renderItem={item => (
          <List.Item>
            <Card
              size="small"
              data-testid={`industry-${item.id}`}
              title={<Space>{pick(item.name)}{item.installed && <Tag color="green">{t('admin.industry.installedTag')}</Tag>}</Space>}
              actions={[item.installed
                ? <Popconfirm key="u" title={t('admin.industry.confirm', { name: pick(item.name) })} onConfirm={() => uninstall(item)}>
                    <Button danger size="small" loading={busy === item.id}>{t('admin.industry.uninstall')}</Button>
                  </Popconfirm>
                : <Button key="i" type="primary" size="small" disabled={!item.enabled} loading={busy === item.id}
                    onClick={() => run(item.id, () => adminApi.installIndustry(item.id, demo), t('admin.industry.installed', { name: pick(item.name) }))}>
                    {t('admin.industry.install')}
                  </Button>]}
            >
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 3 }}>{pick(item.description)}</Typography.Paragraph>
              {!item.enabled && <Typography.Text type="warning">{t('admin.industry.pluginOff', { plugin: item.plugin })}</Typography.Text>}
              {item.ships && (
                <Typography.Text type="secondary">
                  {t('admin.industry.ships', { types: item.ships.ticketTypes.map(x => pick(x.name)).join(t('list.separator')), flows: item.ships.flows.length, sla: item.ships.slaPolicies, rules: item.ships.settlementRules })}
                </Typography.Text>
              )}
            </Card>
          </List.Item>
        )}
      />
    </Space>
  )
}
