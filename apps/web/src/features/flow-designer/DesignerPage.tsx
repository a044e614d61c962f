import { ReactFlowProvider, useReactFlow } from '@xyflow/react'
import { App, Button, Result, Spin } from 'antd'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useBlocker, useNavigate, useParams } from 'react-router-dom'
import { ApiError } from '../../api/client'
import { errorMessage } from '../../api/errors'
import { useT } from '../../i18n'
import { flowsApi } from './api'
import { useAfterFirstPaint } from './canvas/afterFirstPaint'
import { Canvas, usePaletteDrop } from './canvas/Canvas'
import { elkLayout } from './canvas/layout'
import { Palette } from './canvas/Palette'
import { useShortcuts } from './canvas/shortcuts'
import { Toolbar, type ToolbarActions } from './canvas/Toolbar'
import { isDirty, publishFlow, renameFlow, saveDraft, serverDiagnostics } from './model/actions'
import { loadCatalog } from './model/catalog'
import { toCanvas } from './model/graph'
import { downloadJson, exportFlow, parseFlowFile, pickJsonFile } from './model/io'
import { designer, useDesigner } from './model/store'
import { useDesignerUi } from './model/ui'
import { resetValidation, useLiveValidation } from './model/validation'
import { SidePanel } from './panel/SidePanel'
import { VersionsDrawer } from './versions/VersionsDrawer'
import styles from './designer.module.css'

/** /flows/:id — loads the flow and the tenant's node catalog, then shows the designer. */
export default function DesignerPage() {
  const { id = '' } = useParams()
  const t = useT()
  const navigate = useNavigate()
  const [error, setError] = useState<unknown>(null)
  const loadedId = useDesigner(s => s.flow?.id)

  useEffect(() => {
    let cancelled = false
    setError(null)
    resetValidation()
    void loadCatalog()
    useDesignerUi.setState({ tab: 'properties', versionsOpen: false })
    flowsApi.get(id).then((flow) => {
      if (cancelled) return
      // Marks split "open" into fetching and drawing (browser test, devtools performance panel).
      performance.mark('flow-designer:fetched')
      const { nodes, edges } = toCanvas(flow.graph)
      designer.load(flow, nodes, edges)
    }).catch(e => !cancelled && setError(e))
    return () => {
      cancelled = true
      designer.unload()
    }
  }, [id])
  useLiveValidation()

  if (error) {
    return (
      <Result
        status={error instanceof ApiError && error.status === 404 ? '404' : 'error'}
        title={t('designer.msg.loadFailed', { message: errorMessage(error, t) })}
        extra={<Button onClick={() => navigate('/flows')}>{t('designer.toolbar.back')}</Button>}
      />
    )
  }
  if (loadedId !== id) return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />
  return <ReactFlowProvider><DesignerBody /></ReactFlowProvider>
}

function DesignerBody() {
  const t = useT()
  const { message, modal } = App.useApp()
  const { fitView } = useReactFlow()
  const containerRef = useRef<HTMLDivElement>(null)
  const onDrop = usePaletteDrop(containerRef)
  const [busy, setBusy] = useState<ToolbarActions['busy']>(null)
  const dirty = useDesigner(isDirty)
  const chrome = useAfterFirstPaint()

  const run = useCallback(async (what: NonNullable<ToolbarActions['busy']>, fn: () => Promise<void>) => {
    setBusy(what)
    try { await fn() }
    catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        modal.confirm({ title: t('designer.msg.conflict'), okText: t('designer.msg.reload'), onOk: () => window.location.reload() })
      }
      else if (what === 'publish' && serverDiagnostics(e)) {
        message.error(t('designer.msg.publishRefused', { message: errorMessage(e, t) }))
        useDesignerUi.setState({ tab: 'problems' })
      }
      else message.error(what === 'layout' ? t('designer.msg.layoutFailed', { message: errorMessage(e, t) }) : errorMessage(e, t))
    }
    finally { setBusy(null) }
  }, [message, modal, t])

  const actions: ToolbarActions = useMemo(() => ({
    busy,
    save: () => run('save', async () => { await saveDraft(); message.success(t('designer.msg.saved')) }),
    publish: () => run('publish', async () => { message.success(t('designer.msg.published', { version: await publishFlow() })) }),
    layout: () => run('layout', async () => {
      const s = useDesigner.getState()
      designer.applyPositions(await elkLayout(s.nodes, s.edges))
      setTimeout(() => void fitView({ duration: 300 }), 50)
    }),
    fit: () => void fitView({ duration: 300 }),
    importFile: async () => {
      const file = await pickJsonFile()
      if (!file) return
      try {
        const { nodes, edges } = toCanvas(parseFlowFile(file.text).graph)
        designer.replaceGraph(nodes, edges)
        message.success(t('designer.import.replaced'))
        setTimeout(() => void fitView(), 50)
      }
      catch (e) {
        const msg = e instanceof Error && e.message === 'notFlow' ? t('designer.import.notFlow') : errorMessage(e, t)
        message.error(t('designer.import.failed', { message: msg }))
      }
    },
    exportFile: () => {
      const { flow, nodes, edges } = useDesigner.getState()
      if (flow) downloadJson(`${flow.key}.json`, exportFlow({ key: flow.key, name: flow.name, version: (flow.latestVersion ?? 0) + 1 }, nodes, edges))
    },
    copy: () => { const n = designer.copy(); if (n) message.success(t('designer.msg.copied', { count: n })) },
    rename: name => void run('save', () => renameFlow(name)),
  }), [busy, run, fitView, message, t])

  const shortcuts = useMemo(() => ({
    save: () => { if (isDirty(useDesigner.getState())) actions.save() },
    copied: (n: number) => message.success(t('designer.msg.copied', { count: n })),
  }), [actions, message, t])
  useShortcuts(shortcuts)
  useLeaveGuard(dirty)

  return (
    <div className={styles.page} data-testid="flow-designer">
      <Toolbar a={actions} />
      <div className={styles.body}>
        <Palette onDrop={onDrop} />
        <Canvas containerRef={containerRef} />
        {chrome ? <SidePanel /> : <div className={styles.side} />}
      </div>
      {chrome && <VersionsDrawer />}
    </div>
  )
}

/** Ask before leaving with unsaved changes (in-app navigation and closing the tab). */
function useLeaveGuard(dirty: boolean) {
  const t = useT()
  const { modal } = App.useApp()
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname)
  useEffect(() => {
    if (blocker.state !== 'blocked') return
    modal.confirm({ title: t('designer.msg.leave'), onOk: () => blocker.proceed(), onCancel: () => blocker.reset() })
  }, [blocker, modal, t])
  useEffect(() => {
    if (!dirty) return
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault()
    window.addEventListener('beforeunload', onUnload)
    return () => window.removeEventListener('beforeunload', onUnload)
  }, [dirty])
}
