import { InboxOutlined } from '@ant-design/icons'
import { App, Button, Card, Popconfirm, Table, Upload } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { errorMessage } from '../../api/errors'
import { useT } from '../../i18n'
import { usePluginsStore } from '../../stores/plugins'
import { adminApi, type InstalledPlugin } from './api'

/**
 * Plugins this tenant installed at run time from an `scrm plugin pack` tarball: upload one, or
 * uninstall it again — the server loads and unloads it without a restart.
 */
export function RuntimePluginsCard() {
  const t = useT()
  const { message } = App.useApp()
  const [installed, setInstalled] = useState<InstalledPlugin[] | null>(null)
  const [busy, setBusy] = useState<string | null>(null)

  const reload = useCallback(async () => {
    try { setInstalled(await adminApi.installedPlugins()) }
    catch (e) { message.error(errorMessage(e, t)) }
  }, [message, t])
  useEffect(() => { void reload() }, [reload])

  const install = async (file: File) => {
    setBusy('upload')
    try {
      const p = await adminApi.installPlugin(file)
      message.success(t('admin.runtime.installed', { name: p.packageName, version: p.version }))
      await Promise.all([reload(), usePluginsStore.getState().load()])
    }
    catch (e) { message.error(errorMessage(e, t)) }
    finally { setBusy(null) }
  }

  const uninstall = async (p: InstalledPlugin) => {
    setBusy(p.name)
    try {
      await adminApi.uninstallPlugin(p.name)
      message.success(t('admin.runtime.uninstalled', { name: p.packageName }))
      await Promise.all([reload(), usePluginsStore.getState().load()])
    }
    catch (e) { message.error(errorMessage(e, t)) }
    finally { setBusy(null) }
  }

  return (
    <Card size="small" title={t('admin.runtime.title')} style={{ marginTop: 16 }} data-testid="runtime-plugins">
      <Upload.Dragger
        accept=".tgz,.tar.gz,application/gzip"
        showUploadList={false}
        disabled={busy !== null}
        // The file goes up as it is; antd's own upload request is not used.
        beforeUpload={(file) => { void install(file); return false }}
      >
        <p className="ant-upload-drag-icon"><InboxOutlined /></p>
        <p>{t('admin.runtime.drop')}</p>
        <p className="ant-upload-hint">{t('admin.runtime.hint')}</p>
      </Upload.Dragger>
      <Table<InstalledPlugin>
        rowKey="name"
        size="small"
        style={{ marginTop: 12 }}
        loading={installed === null || busy === 'upload'}
        dataSource={installed ?? []}
        pagination={false}
        locale={{ emptyText: t('admin.runtime.none') }}
        columns={[
          { title: t('admin.plugins.name'), dataIndex: 'packageName' },
          { title: t('admin.plugins.version'), dataIndex: 'version' },
          {
            title: '',
            key: 'actions',
            align: 'right',
            render: (_, p) => (
              <Popconfirm title={t('admin.runtime.confirm', { name: p.packageName })} onConfirm={() => uninstall(p)}>
                <Button danger size="small" loading={busy === p.name}>{t('admin.runtime.uninstall')}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  )
}
