import { lazy, Suspense, type ReactNode } from 'react'
import {
  ApartmentOutlined,
  DashboardOutlined,
  FormOutlined,
  AccountBookOutlined,
  ImportOutlined,
  ProjectOutlined,
  SettingOutlined,
} from '@ant-design/icons'
import type { Role } from '../api/types'
import RequireAccess from '../components/RequireAccess'
import AdminSection from '../features/admin'
import ImportPage from '../features/import/ImportPage'
import FlowsSection from '../features/flow-designer'
import TemplatesSection from '../features/template-designer'
import WorkbenchSection from '../features/workbench'
import type { MessageKey } from '../i18n'

// The board brings echarts: loaded on first visit only.
const BoardPage = lazy(() => import('../features/board/BoardPage'))
const SettlementPage = lazy(() => import('../features/settlement/SettlementPage'))

/**
 * The sider menu and the shell's child routes. A screen that is not built yet has
 * no `element` and renders the "coming soon" page; give it one to ship the screen.
 */
export interface NavItem {
  key: string
  /** Absolute path below the shell, e.g. '/flows'. */
  path: string
  labelKey: MessageKey
  icon: ReactNode
  element?: ReactNode
  /** Only these roles see the item (the element guards itself too); all roles when absent. */
  roles?: Role[]
  /** The plugin the screen belongs to: the item disappears while the tenant has it off. */
  plugin?: string
}

export const navItems: NavItem[] = [
  { key: 'workbench', path: '/workbench', labelKey: 'nav.workbench', icon: <DashboardOutlined />, element: <WorkbenchSection /> },
  { key: 'flows', path: '/flows', labelKey: 'nav.flows', icon: <ApartmentOutlined />, element: <FlowsSection /> },
  {
    key: 'templates',
    path: '/templates',
    labelKey: 'nav.templates',
    icon: <FormOutlined />,
    roles: ['admin', 'supervisor'],
    plugin: 'tickets',
    element: <RequireAccess roles={['admin', 'supervisor']} plugin="tickets"><TemplatesSection /></RequireAccess>,
  },
  {
    key: 'boards',
    path: '/boards',
    labelKey: 'nav.boards',
    icon: <ProjectOutlined />,
    roles: ['admin', 'supervisor', 'agent'],
    plugin: 'tickets',
    element: <RequireAccess roles={['admin', 'supervisor', 'agent']} plugin="tickets"><Suspense fallback={null}><BoardPage /></Suspense></RequireAccess>,
  },
  {
    key: 'imports',
    path: '/imports',
    labelKey: 'nav.imports',
    icon: <ImportOutlined />,
    roles: ['admin', 'supervisor'],
    plugin: 'channel-import',
    element: <RequireAccess roles={['admin', 'supervisor']} plugin="channel-import"><ImportPage /></RequireAccess>,
  },
  {
    key: 'settlement',
    path: '/settlement',
    labelKey: 'nav.settlement',
    icon: <AccountBookOutlined />,
    roles: ['admin', 'supervisor'],
    plugin: 'settlement',
    element: <RequireAccess roles={['admin', 'supervisor']} plugin="settlement"><Suspense fallback={null}><SettlementPage /></Suspense></RequireAccess>,
  },
  { key: 'admin', path: '/admin', labelKey: 'nav.admin', icon: <SettingOutlined />, roles: ['admin'], element: <AdminSection /> },
]

export const homePath = navItems[0].path

/** The menu a user sees: items of their role whose plugin is on (`enabled` null = not known yet: all). */
export function visibleNavItems(role: Role | undefined, enabled: (plugin: string) => boolean): NavItem[] {
  return navItems.filter(i => (!i.roles || (role && i.roles.includes(role))) && (!i.plugin || enabled(i.plugin)))
}

/** The nav item whose path is the longest prefix of `pathname`. */
export function activeNavItem(pathname: string): NavItem | undefined {
  return navItems
    .filter(i => pathname === i.path || pathname.startsWith(`${i.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0]
}
