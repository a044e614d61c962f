import { Tabs, Typography } from 'antd'
import { useSearchParams } from 'react-router-dom'
import { useT } from '../../i18n'
import { pluginEnabled, usePluginsStore } from '../../stores/plugins'
import { IndustryTab } from './IndustryTab'
import { LanguageTab } from './LanguageTab'
import { OrgTab } from './org/OrgTab'
import { PluginsTab } from './PluginsTab'
import { RolesTab } from './RolesTab'
import { UsersTab } from './users/UsersTab'

const TABS = ['users', 'org', 'roles', 'plugins', 'industry', 'language'] as const
type Tab = typeof TABS[number]

/** /admin — users, teams and departments, roles, plugins, industry templates, language; the tab is in the URL (?tab=). */
export default function AdminPage() {
  const t = useT()
  const [params, setParams] = useSearchParams()
  const plugins = usePluginsStore(s => s.plugins)
  const orgOn = pluginEnabled(plugins, 'org')
  const industryOn = pluginEnabled(plugins, 'industry')
  const asked = params.get('tab') as Tab | null
  const tab: Tab = asked && TABS.includes(asked) && (asked !== 'org' || orgOn) && (asked !== 'industry' || industryOn) ? asked : 'users'
  return (
    <div data-testid="admin-page">
      <Typography.Title level={3}>{t('admin.title')}</Typography.Title>
      <Tabs
        activeKey={tab}
        destroyOnHidden
        onChange={key => setParams({ tab: key }, { replace: true })}
        items={[
          { key: 'users', label: t('admin.tab.users'), children: <UsersTab /> },
          ...(orgOn ? [{ key: 'org', label: t('admin.tab.org'), children: <OrgTab /> }] : []),
          { key: 'roles', label: t('admin.tab.roles'), children: <RolesTab /> },
          { key: 'plugins', label: t('admin.tab.plugins'), children: <PluginsTab /> },
          ...(industryOn ? [{ key: 'industry', label: t('admin.tab.industry'), children: <IndustryTab /> }] : []),
          { key: 'language', label: t('admin.tab.language'), children: <LanguageTab /> },
        ]}
      />
    </div>
  )
}
