/**
 * Live validation: packages/flow `validate` on the compiled draft, in a web worker, debounced
 * after structural edits (moves never trigger it). Results live in their own store so that a node
 * re-renders only when its own badge changes.
 */
import { hasErrors, validate, type Diagnostic, type Severity } from '@scrm/flow'
import { useEffect } from 'react'
import { create } from 'zustand'
import { useCatalog } from './catalog'
import { compileCanvas, toDesignerGraph } from './graph'
import { useDesigner } from './store'
import type { ValidateRequest, ValidateResponse } from './validate.worker'

export interface Badge { severity: Severity, count: number }

interface ValidationState {
  diagnostics: Diagnostic[]
  nodes: Record<string, Badge>
  edges: Record<string, Badge>
  errors: number
  warnings: number
  /** Problems the server reported when it refused to publish (e.g. script checks in its sandbox). */
  server: Diagnostic[]
  ms: number
}

const empty: ValidationState = { diagnostics: [], nodes: {}, edges: {}, errors: 0, warnings: 0, server: [], ms: 0 }

export const useValidation = create<ValidationState>(() => empty)

/** Another flow is opening: its badges must not show the previous flow's findings. */
export function resetValidation(): void {
  latest++
  useValidation.setState(empty)
}

const DEBOUNCE_MS = 200
/** Answers to older requests are dropped: only the latest draft's diagnostics count. */
let latest = 0

function badges(diags: Diagnostic[], key: 'nodeId' | 'edgeId', prev: Record<string, Badge>): Record<string, Badge> {
  const out: Record<string, Badge> = {}
  for (const d of diags) {
    const id = d[key]
    if (!id) continue
    const b = out[id] ?? { severity: 'warning', count: 0 }
    out[id] = { severity: b.severity === 'error' || d.severity === 'error' ? 'error' : 'warning', count: b.count + 1 }
  }
  // Keep unchanged badges identical so their nodes skip re-rendering.
  for (const id of Object.keys(out)) {
    const p = prev[id]
    if (p && p.severity === out[id].severity && p.count === out[id].count) out[id] = p
  }
  return out
}

let worker: Worker | null | undefined

function validationWorker(): Worker | null {
  if (worker !== undefined) return worker
  try {
    worker = new Worker(new URL('./validate.worker.ts', import.meta.url), { type: 'module' })
    worker.onmessage = (e: MessageEvent<ValidateResponse>) => apply(e.data.id, e.data.diagnostics, e.data.ms)
    // A worker that cannot start (blocked by policy, old browser): validate on the main thread.
    worker.onerror = () => {
      worker?.terminate()
      worker = null
      runValidation()
    }
  }
  catch { worker = null }
  return worker
}

export function runValidation(): void {
  const { nodes, edges, flow } = useDesigner.getState()
  const meta = { key: flow?.key ?? 'draft', version: (flow?.latestVersion ?? 0) + 1 }
  const options = useCatalog.getState().validateOptions
  const id = ++latest
  const w = validationWorker()
  if (w) {
    w.postMessage({ id, graph: toDesignerGraph(nodes, edges), meta, options } satisfies ValidateRequest)
    return
  }
  const t0 = performance.now()
  apply(id, validate(compileCanvas(nodes, edges, meta), options), performance.now() - t0)
}

function apply(id: number, diagnostics: Diagnostic[], ms: number): void {
  if (id !== latest) return
  const prev = useValidation.getState()
  useValidation.setState({
    diagnostics,
    nodes: badges(diagnostics, 'nodeId', prev.nodes),
    edges: badges(diagnostics, 'edgeId', prev.edges),
    errors: diagnostics.filter(d => d.severity === 'error').length,
    warnings: diagnostics.filter(d => d.severity === 'warning').length,
    server: [],
    ms,
  })
}

export const canPublish = (s: ValidationState) => !hasErrors(s.diagnostics)

/** Re-validate shortly after the last structural change; at once when the catalog arrives. */
export function useLiveValidation(): void {
  const catalogReady = useCatalog(s => s.status === 'ready')
  useEffect(() => {
    if (!catalogReady) return
    runValidation()
    let timer: ReturnType<typeof setTimeout> | undefined
    const unsubscribe = useDesigner.subscribe((s, prev) => {
      if (s.structure === prev.structure) return
      clearTimeout(timer)
      timer = setTimeout(runValidation, DEBOUNCE_MS)
    })
    return () => {
      clearTimeout(timer)
      unsubscribe()
    }
  }, [catalogReady])
}
