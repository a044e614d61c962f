import { Result } from 'antd'
import type { ReactNode } from 'react'
import type { Role } from '../api/types'
import { useT } from '../i18n'
import { useAuthStore } from '../stores/auth'
import { pluginEnabled, usePluginsStore } from '../stores/plugins'

/**
 * Guards a screen: only the given roles see it, and only while its plugin is on for the tenant.
 * The menu hides the same screens (layout/nav); this covers typed URLs and bookmarks. The server
 * enforces both on every request anyway.
 */
export default function RequireAccess({ roles, plugin, children }: { roles?: Role[], plugin?: string, children: ReactNode }) {
  const t = useT()
  const role = useAuthStore(s => s.user?.role)
  const plugins = usePluginsStore(s => s.plugins)
  if (roles && (!role || !roles.includes(role)))
    return <Result status="403" title={t('access.forbidden')} data-testid="access-forbidden" />
  if (!pluginEnabled(plugins, plugin))
    return <Result status="info" title={t('access.pluginOff')} data-testid="access-plugin-off" />
  return children
}
