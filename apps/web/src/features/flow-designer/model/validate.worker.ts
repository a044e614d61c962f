/**
 * Validation off the main thread: compile + validate of a 500-node draft takes tens of ms, which
 * would otherwise land in the middle of opening or dragging. packages/flow is isomorphic, so the
 * worker runs exactly what the server runs.
 */
import { compile, validate, type DesignerGraph, type Diagnostic, type ValidateOptions } from '@scrm/flow'

export interface ValidateRequest {
  id: number
  graph: DesignerGraph
  meta: { key: string, version: number }
  options: ValidateOptions
}

export interface ValidateResponse {
  id: number
  diagnostics: Diagnostic[]
  ms: number
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ValidateRequest>) => void) | null
  postMessage: (message: ValidateResponse) => void
}

scope.onmessage = (e) => {
  const t0 = performance.now()
  const { id, graph, meta, options } = e.data
  const diagnostics = validate(compile(graph, meta), options)
  scope.postMessage({ id, diagnostics, ms: performance.now() - t0 })
}
