import { Spin } from 'antd'
import { lazy, Suspense } from 'react'
import { Route, Routes } from 'react-router-dom'

// Loaded on first visit, like the designer: the shell's bundle stays small.
const WorkbenchPage = lazy(() => import('./list/WorkbenchPage').then(m => ({ default: m.WorkbenchPage })))
const TicketDetailPage = lazy(() => import('./detail/TicketDetailPage').then(m => ({ default: m.TicketDetailPage })))

const fallback = <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />

/** The "工作台" section: /workbench (queues and list) and /workbench/tickets/:id (detail). */
export default function WorkbenchSection() {
  return (
    <Suspense fallback={fallback}>
      <Routes>
        <Route index element={<WorkbenchPage />} />
        <Route path="tickets/:id" element={<TicketDetailPage />} />
      </Routes>
    </Suspense>
  )
}
