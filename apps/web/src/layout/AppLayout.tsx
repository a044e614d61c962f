import { useEffect, useState } from 'react'
import { Layout, Menu } from 'antd'
import { Outlet, useLocation, useNavigate } from 'react-router-dom'
import { authApi } from '../api/auth'
import { useT } from '../i18n'
import { useAuthStore } from '../stores/auth'
import { pluginEnabled, usePluginsStore } from '../stores/plugins'
import AppHeader from './AppHeader'
import { activeNavItem, visibleNavItems } from './nav'
import styles from './AppLayout.module.css'

/** The signed-in shell: sider menu, header, and the current screen. */
export default function AppLayout() {
  const t = useT()
  const navigate = useNavigate()
  const { pathname } = useLocation()
  const [collapsed, setCollapsed] = useState(false)
  // Below md (phones) the menu folds away completely instead of keeping an icon rail.
  const [narrow, setNarrow] = useState(false)
  const token = useAuthStore(s => s.token)
  const setProfile = useAuthStore(s => s.setProfile)
  const role = useAuthStore(s => s.user?.role)
  const plugins = usePluginsStore(s => s.plugins)
  const items = visibleNavItems(role, name => pluginEnabled(plugins, name))

  // Re-validate the stored session once per token; a 401 logs out (see api/client). Then learn
  // which plugins the tenant has on (the menu offers their screens) — only with a token the
  // server accepted, so a stale session costs one rejected request, not two.
  useEffect(() => {
    if (!token) return
    const ctrl = new AbortController()
    usePluginsStore.getState().reset()
    authApi.me()
      .then((res) => {
        if (ctrl.signal.aborted) return
        setProfile(res.user, res.tenant)
        return usePluginsStore.getState().load()
      })
      .catch(() => { /* 401 already handled by the client; keep the cached profile (and the full menu) otherwise */ })
    return () => ctrl.abort()
  }, [token, setProfile])

  const selected = activeNavItem(pathname)

  return (
    <Layout className={styles.root}>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="md" onBreakpoint={setNarrow} collapsedWidth={narrow ? 0 : 80} theme="light" className={styles.sider}>
        <div className={styles.brand} title={t('app.name')}>{collapsed ? t('app.name').slice(0, 1) : t('app.name')}</div>
        <Menu
          mode="inline"
          className={styles.menu}
          data-testid="main-menu"
          selectedKeys={selected ? [selected.key] : []}
          items={items.map(i => ({ key: i.key, icon: i.icon, label: t(i.labelKey) }))}
          onClick={({ key }) => {
            const item = items.find(i => i.key === key)
            if (item) navigate(item.path)
          }}
        />
      </Layout.Sider>
      <Layout>
        <AppHeader />
        <Layout.Content className={styles.content}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  )
}
