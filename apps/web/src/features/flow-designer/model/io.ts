/**
 * Flow JSON files. Export writes the compiled IR (what gets published) plus the canvas layout;
 * import takes that, a bare IR (API clients, industry templates) or a saved designer graph.
 */
import { decompile, extractLayout, type DesignerGraph, type FlowIR, type Layout } from '@scrm/flow'
import { compileCanvas, isIR, toDesignerGraph } from './graph'
import type { DEdge, DNode } from '../types'

export const EXPORT_FORMAT = 'scrm-flow'

export interface FlowFile {
  format: typeof EXPORT_FORMAT
  formatVersion: 1
  key: string
  name?: string
  ir: FlowIR
  layout: Layout
}

export interface ImportedFlow {
  key?: string
  name?: string
  graph: DesignerGraph
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function exportFlow(meta: { key: string, name?: string, version: number }, nodes: readonly DNode[], edges: readonly DEdge[]): FlowFile {
  const ir = compileCanvas(nodes, edges, meta)
  return { format: EXPORT_FORMAT, formatVersion: 1, key: meta.key, ...(meta.name ? { name: meta.name } : {}), ir, layout: extractLayout(toDesignerGraph(nodes, edges)) }
}

/** Parse an imported file's text; throws an Error with `notFlow` when it has no nodes/edges. */
export function parseFlowFile(text: string): ImportedFlow {
  const data: unknown = JSON.parse(text)
  if (!isObj(data)) throw new Error('notFlow')
  if (data.format === EXPORT_FORMAT && isIR(data.ir)) {
    return { key: str(data.key ?? data.ir.key), name: str(data.name ?? data.ir.name), graph: decompile(data.ir, isObj(data.layout) ? data.layout : {}) }
  }
  // A flow row as GET /api/flows/:id returns it: the draft is in `graph`.
  const body = isObj(data.graph) && !Array.isArray(data.nodes) ? data.graph : data
  if (!Array.isArray(body.nodes) || !Array.isArray(body.edges)) throw new Error('notFlow')
  const graph = isIR(body) ? decompile(body as FlowIR) : (body as unknown as DesignerGraph)
  return { key: str(data.key), name: str(data.name), graph }
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined)

/** Offer JSON as a file download. */
export function downloadJson(fileName: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** Let the user pick a .json file and read it as text (resolves null when cancelled). */
export function pickJsonFile(): Promise<{ name: string, text: string } | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = 'application/json,.json'
    input.setAttribute('data-testid', 'flow-file-input')
    input.style.display = 'none'
    input.addEventListener('change', async () => {
      const file = input.files?.[0]
      input.remove()
      resolve(file ? { name: file.name, text: await file.text() } : null)
    })
    input.addEventListener('cancel', () => { input.remove(); resolve(null) })
    document.body.appendChild(input)
    input.click()
  })
}
