/** Save and publish: the draft goes to the server as a designer graph; publish freezes it. */
import type { Diagnostic } from '@scrm/flow'
import { ApiError } from '../../../api/client'
import { flowsApi } from '../api'
import type { FlowRecord } from '../types'
import { toDesignerGraph } from './graph'
import { designer, useDesigner } from './store'
import { useValidation } from './validation'

export const isDirty = (s: { revision: number, savedRevision: number }) => s.revision !== s.savedRevision

/** Save the draft with optimistic locking (a 409 means someone else saved meanwhile). */
export async function saveDraft(): Promise<FlowRecord> {
  const s = useDesigner.getState()
  if (!s.flow) throw new Error('no flow loaded')
  const revision = s.revision
  const saved = await flowsApi.save(s.flow.id, { graph: toDesignerGraph(s.nodes, s.edges), expectedVersion: s.flow.lockVersion })
  designer.setFlow(saved, revision)
  return saved
}

export async function renameFlow(name: string): Promise<void> {
  const { flow } = useDesigner.getState()
  if (!flow || !name.trim() || name === flow.name) return
  const saved = await flowsApi.save(flow.id, { name: name.trim(), expectedVersion: flow.lockVersion })
  designer.setFlow(saved)
}

/**
 * Save if needed, then publish. A server refusal (400 with diagnostics, e.g. from its sandbox
 * script check) lands in the problems list beside the local ones.
 */
export async function publishFlow(): Promise<number> {
  let flow = useDesigner.getState().flow
  if (!flow) throw new Error('no flow loaded')
  if (isDirty(useDesigner.getState())) flow = await saveDraft()
  try {
    const version = await flowsApi.publish(flow.id, flow.lockVersion)
    designer.setFlow(await flowsApi.get(flow.id))
    return version.version
  }
  catch (e) {
    const diags = serverDiagnostics(e)
    if (diags) useValidation.setState({ server: diags })
    throw e
  }
}

export function serverDiagnostics(e: unknown): Diagnostic[] | undefined {
  if (!(e instanceof ApiError) || e.status !== 400) return undefined
  const d = (e.details as { diagnostics?: unknown } | undefined)?.diagnostics
  return Array.isArray(d) ? d as Diagnostic[] : undefined
}
