import type { FlowEdge, FlowNode } from '@scrm/flow'
import { nodeContext } from './context.js'
import type { InstanceStep, WorkItem } from './step.js'
import type { NodeResult, RuntimeNodeType, TokenRow } from './types.js'

/** More node executions than this in one step is a loop without a waiting node: stop it. */
export const MAX_EXECUTIONS_PER_STEP = 10_000

/** Runs queued work of one instance until every token waits or ends (all inside the step). */
export async function advance(step: InstanceStep): Promise<void> {
  while (step.queue.length && step.instance.status === 'running') {
    const item = step.queue.shift()!
    const token = step.tokens.get(item.tokenId)
    if (!token || (token.status !== 'active' && token.status !== 'waiting')) continue
    if (++step.executions > MAX_EXECUTIONS_PER_STEP) {
      await failInstance(step, token, { code: 'runaway', message: `more than ${MAX_EXECUTIONS_PER_STEP} node executions in one step: a loop without a waiting node?` })
      return
    }
    await execute(step, token, item)
  }
}

async function execute(step: InstanceStep, token: TokenRow, item: WorkItem): Promise<void> {
  const nodeId = item.kind === 'resume' && item.nodeId ? item.nodeId : token.node_id
  const node = step.flow.node(nodeId)
  const itemKey = item.kind === 'run' ? `node:${token.id}:${token.step}` : item.key
  const logged = step.log({
    key: itemKey, event: item.kind === 'run' ? 'node' : 'node.resumed', nodeId, tokenId: token.id,
    actor: item.kind === 'resume' && 'actor' in item.event ? item.event.actor.userId ?? item.event.actor.name : undefined,
    data: { type: node?.type, ...(item.kind === 'resume' ? { cause: item.event.kind } : {}) },
  })
  if (!node) return handleFail(step, token, undefined, { code: 'unknown_node', message: `node "${nodeId}" is not in flow ${step.instance.flow_key} v${step.instance.flow_version}` }, itemKey)
  const def = step.run.engine.nodeType(step.run.tenantId, node.type)
  if (!def) return handleFail(step, token, node, { code: 'unknown_node_type', message: `node type "${node.type}" of node "${node.id}" is not available (plugin missing or disabled)` }, itemKey)
  const ctx = nodeContext(step, token, node, itemKey)
  let result: NodeResult
  try {
    if (item.kind === 'run') result = await def.run(ctx)
    else if (def.resume) result = await def.resume(ctx, item.event)
    else result = { fail: { code: 'not_resumable', message: `node type "${node.type}" cannot be resumed` } }
  }
  catch (err) {
    result = { fail: { code: 'node_error', message: (err as Error)?.message ?? String(err) } }
  }
  logged.result = summarize(result)
  await apply(step, token, node, def, result, item.kind === 'run', itemKey)
}

function summarize(r: NodeResult): unknown {
  if ('wait' in r) return 'wait'
  if ('end' in r) return 'end'
  if ('fail' in r) return { fail: r.fail.code }
  if ('spawn' in r) return { spawn: r.spawn, interrupt: !!r.interrupt }
  return { next: r.next ?? 'default' }
}

async function apply(step: InstanceStep, token: TokenRow, node: FlowNode, def: RuntimeNodeType, result: NodeResult, firstRun: boolean, itemKey: string): Promise<void> {
  if ('wait' in result) {
    token.status = 'waiting'
    step.touch(token)
    if (firstRun && !def.boundary) await armBoundaries(step, token, node)
    return
  }
  if ('end' in result) {
    if (result.status) step.ticketStatus = result.status
    finishToken(step, token, 'completed')
    return checkDone(step)
  }
  if ('fail' in result) return handleFail(step, token, node, result.fail, itemKey)
  if ('spawn' in result) {
    for (const edge of pickEdges(step, node, result.spawn)) {
      const t = step.addToken({ node_id: edge.to, status: 'active', arrived_via: edge.id, parent_token_id: token.id })
      step.queue.push({ kind: 'run', tokenId: t.id })
    }
    if (result.interrupt) {
      finishToken(step, token, 'cancelled')
      step.log({ key: `interrupt:${token.id}:${token.step}`, event: 'token.interrupted', nodeId: token.node_id, tokenId: token.id, data: { by: node.id } })
    }
    return checkDone(step)
  }
  for (const id of result.merge ?? []) {
    const merged = step.tokens.get(id)
    if (merged && merged.id !== token.id) finishToken(step, merged, 'merged')
  }
  const edges = result.next === undefined || result.next === 'all'
    ? step.flow.out(node.id).filter(e => (e.on ?? 'next') === 'next')
    : pickEdges(step, node, result.next)
  if (!edges.length) return handleFail(step, token, node, { code: 'dead_end', message: `node "${node.id}" has no way out` }, itemKey)
  move(step, token, edges)
}

function pickEdges(step: InstanceStep, node: FlowNode, ids: string[]): FlowEdge[] {
  return ids.map(id => step.flow.edge(id)).filter((e): e is FlowEdge => !!e && e.from === node.id)
}

/** Moves a token along one edge, or forks it into one child per edge. */
export function move(step: InstanceStep, token: TokenRow, edges: FlowEdge[]): void {
  step.leave(token)
  if (edges.length === 1) {
    const [edge] = edges
    Object.assign(token, { node_id: edge.to, arrived_via: edge.id, step: token.step + 1, status: 'active', waiting_for: null, state: {} })
    step.touch(token)
    step.queue.push({ kind: 'run', tokenId: token.id })
    return
  }
  token.status = 'completed'
  token.step += 1
  step.touch(token)
  for (const edge of edges) {
    const child = step.addToken({ node_id: edge.to, status: 'active', arrived_via: edge.id, parent_token_id: token.id })
    step.queue.push({ kind: 'run', tokenId: child.id })
  }
}

function finishToken(step: InstanceStep, token: TokenRow, status: TokenRow['status']): void {
  step.leave(token)
  token.status = status
  token.waiting_for = null
  step.touch(token)
}

/** Boundary nodes (SLA) watching this node start watching the token that now waits here. */
async function armBoundaries(step: InstanceStep, token: TokenRow, node: FlowNode): Promise<void> {
  for (const boundary of step.flow.boundaries(node.id)) {
    const def = step.run.engine.nodeType(step.run.tenantId, boundary.type)
    if (!def?.boundary) continue
    const key = `arm:${token.id}:${token.step}:${boundary.id}`
    step.log({ key, event: 'boundary.armed', nodeId: boundary.id, tokenId: token.id, data: { attachedTo: node.id } })
    await def.run(nodeContext(step, token, boundary, key))
  }
}

/** An incident: leave by the node's 'error' edge if it has one, otherwise the instance fails. */
async function handleFail(step: InstanceStep, token: TokenRow, node: FlowNode | undefined, error: { code: string, message: string, details?: Record<string, unknown> }, itemKey: string): Promise<void> {
  const { tenantId, now } = step.run
  step.incidents.push({
    tenant_id: tenantId, instance_id: step.instance.id, token_id: token.id, node_id: node?.id ?? token.node_id,
    code: error.code, message: error.message, details: JSON.stringify(error.details ?? {}), created_at: now,
  })
  step.log({ key: `${itemKey}:incident`, event: 'incident', nodeId: node?.id ?? token.node_id, tokenId: token.id, data: { code: error.code, message: error.message } })
  const errorEdges = node ? step.flow.out(node.id).filter(e => e.on === 'error') : []
  if (errorEdges.length) {
    step.instance.vars.$error = { nodeId: node!.id, code: error.code, message: error.message }
    return move(step, token, errorEdges)
  }
  await failInstance(step, token, { ...error, nodeId: node?.id ?? token.node_id })
}

export async function failInstance(step: InstanceStep, token: TokenRow | undefined, error: { code: string, message: string, nodeId?: string }): Promise<void> {
  const i = step.instance
  i.error = { code: error.code, message: error.message, ...(error.nodeId ?? token?.node_id ? { nodeId: error.nodeId ?? token?.node_id } : {}) }
  await endInstance(step, 'failed')
}

/** Ends the instance as completed once no token is left. */
async function checkDone(step: InstanceStep): Promise<void> {
  if (step.instance.status === 'running' && step.live().length === 0) await endInstance(step, 'completed')
}

export async function endInstance(step: InstanceStep, status: 'completed' | 'failed' | 'cancelled'): Promise<void> {
  const i = step.instance
  for (const t of step.live()) finishToken(step, t, 'cancelled')
  i.status = status
  i.ended_at = step.run.now
  step.queue.length = 0
  step.log({ key: `instance:${status}`, event: `instance.${status}`, data: i.error ? { error: i.error } : {} })
  await step.run.engine.dataProvider().onInstanceEnded?.(step.dataContext, { status, ticketStatus: step.ticketStatus })
  if (i.parent_instance_id && i.parent_token_id) await step.run.engine.notifyParent(step)
}
