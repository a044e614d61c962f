import { createBrowserRouter, Navigate } from 'react-router-dom'
import RequireAuth from './components/RequireAuth'
import AppLayout from './layout/AppLayout'
import { homePath, navItems } from './layout/nav'
import ComingSoonPage from './pages/ComingSoonPage'
import LoginPage from './pages/LoginPage'
import NotFoundPage from './pages/NotFoundPage'

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  // Public customer pages (no login, no shell), loaded on their own so staff screens stay out of them.
  { path: '/portal/track/:token', lazy: () => import('./features/portal/TrackingPage').then(m => ({ Component: m.default })) },
  { path: '/track/:token', lazy: () => import('./features/portal/TrackingPage').then(m => ({ Component: m.default })) },
  // What an asset's QR code encodes (customers plugin): choose the kind of request first.
  { path: '/portal/:tenant/new', lazy: () => import('./features/portal/TypePickerPage').then(m => ({ Component: m.default })) },
  { path: '/portal/:tenant/:typeKey', lazy: () => import('./features/portal/PortalFormPage').then(m => ({ Component: m.default })) },
  {
    path: '/',
    element: <RequireAuth><AppLayout /></RequireAuth>,
    children: [
      { index: true, element: <Navigate to={homePath} replace /> },
      ...navItems.map(item => ({
        path: `${item.path.slice(1)}/*`,
        element: item.element ?? <ComingSoonPage titleKey={item.labelKey} />,
      })),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
])
