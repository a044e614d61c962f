import { Spin } from 'antd'
import { lazy, Suspense } from 'react'
import RequireAccess from '../../components/RequireAccess'

const AdminPage = lazy(() => import('./AdminPage'))

/** The "管理" section, for admins only (the menu hides it from others; this guards the URL). */
export default function AdminSection() {
  return (
    <RequireAccess roles={['admin']}>
      <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />}>
        <AdminPage />
      </Suspense>
    </RequireAccess>
  )
}
