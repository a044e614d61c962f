import { Spin } from 'antd'
import { lazy, Suspense } from 'react'
import { Route, Routes } from 'react-router-dom'

// Loaded on first visit, like the flow designer: the shell's bundle stays small.
const TemplateListPage = lazy(() => import('./list/TemplateListPage').then(m => ({ default: m.TemplateListPage })))
const TemplateEditorPage = lazy(() => import('./editor/TemplateEditorPage'))

const fallback = <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />

/** The "模板设计" section: /templates (types and templates) and /templates/:id (designer). */
export default function TemplatesSection() {
  return (
    <Suspense fallback={fallback}>
      <Routes>
        <Route index element={<TemplateListPage />} />
        <Route path=":id" element={<TemplateEditorPage />} />
      </Routes>
    </Suspense>
  )
}
