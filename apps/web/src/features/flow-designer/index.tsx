import { Spin } from 'antd'
import { lazy, Suspense } from 'react'
import { Route, Routes } from 'react-router-dom'

// Both screens load on first visit: React Flow and the designer stay out of the shell's bundle.
const FlowListPage = lazy(() => import('./list/FlowListPage').then(m => ({ default: m.FlowListPage })))
const DesignerPage = lazy(() => import('./DesignerPage'))

const fallback = <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />

/** The "流程设计" section: /flows (list) and /flows/:id (designer). */
export default function FlowsSection() {
  return (
    <Suspense fallback={fallback}>
      <Routes>
        <Route index element={<FlowListPage />} />
        <Route path=":id" element={<DesignerPage />} />
      </Routes>
    </Suspense>
  )
}
