import { Alert, App, Switch, Table, Tag, Tooltip } from 'antd'
import { useEffect, useState } from 'react'
import { errorMessage } from '../../api/errors'
import { useLocaleStore, useT } from '../../i18n'
import { usePluginsStore, type PluginInfo } from '../../stores/plugins'
import { adminApi } from './api'
import { RuntimePluginsCard } from './RuntimePluginsCard'

/** Installed plugins with version and this tenant's switch; a switch takes effect at once, no restart. */
export function PluginsTab() {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const { message } = App.useApp()
  const plugins = usePluginsStore(s => s.plugins)
  const update = usePluginsStore(s => s.update)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState<string | null>(null)

  useEffect(() => { usePluginsStore.getState().load().catch(setError) }, [])

  const toggle = async (p: PluginInfo, enabled: boolean) => {
    setBusy(p.name)
    try {
      update(await adminApi.setPlugin(p.name, enabled))
      message.success(t(enabled ? 'admin.plugins.enabled' : 'admin.plugins.disabled', { name: p.label?.[locale] ?? p.name }))
    }
    catch (e) { message.error(errorMessage(e, t)) }
    finally { setBusy(null) }
  }

  return (
    <>
      {!!error && <Alert type="error" showIcon title={errorMessage(error, t)} />}
      <Table<PluginInfo>
        rowKey="name"
        size="small"
        data-testid="plugins-table"
        loading={plugins === null && !error}
        dataSource={plugins ?? []}
        pagination={false}
        columns={[
          { title: t('admin.plugins.name'), key: 'name', render: (_, p) => <><strong>{p.label?.[locale] ?? p.name}</strong> <code>{p.name}</code></> },
          { title: t('admin.plugins.version'), dataIndex: 'version' },
          { title: t('admin.plugins.description'), key: 'd', render: (_, p) => p.description?.[locale] },
          { title: t('admin.plugins.dependsOn'), key: 'deps', render: (_, p) => p.dependsOn.map(d => <Tag key={d}>{d}</Tag>) },
          {
            title: t('admin.plugins.state'),
            key: 'enabled',
            render: (_, p) => (
              <Tooltip title={p.required ? t('admin.plugins.required') : undefined}>
                <Switch
                  data-testid={`plugin-switch-${p.name}`}
                  checked={p.enabled}
                  disabled={p.required}
                  loading={busy === p.name}
                  onChange={on => toggle(p, on)}
                />
              </Tooltip>
            ),
          },
        ]}
      />
      <RuntimePluginsCard />
    </>
  )
}
