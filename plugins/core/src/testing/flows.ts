import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FlowEdge, FlowNode } from '@scrm/flow'
import { manualClock, type ManualClock } from '@scrm/runtime'
import { startTestPlatform, type TestPlatform, type TestTenant } from '@scrm/server/testing'
import type { TestDatabaseKind } from '@scrm/store/testing'
import { expect, vi } from 'vitest'
import type { FlowRuntime } from '../flow-runtime.js'

/** Test-only helpers: a platform with a manual clock, and short ways to publish and run flows. */
/** A platform boots in seconds, but CI runs many suites at once on two cores: be patient. */
export const SETUP_MS = 180_000
vi.setConfig({ testTimeout: 120_000, hookTimeout: SETUP_MS })

export interface RuntimeHarness {
  p: TestPlatform
  t: TestTenant
  clock: ManualClock
  runtime: FlowRuntime
  /** Fires every timer due by the manual clock, then delivers the outbox. */
  tick: (ms?: number) => Promise<number>
}

/**
 * A root whose plugins/ holds only core: these tests pin the runtime's own behaviour (ticket data
 * kept in vars), independent of whichever data provider a tickets plugin installs.
 */
function coreOnlyRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'scrm-core-only-'))
  mkdirSync(join(root, 'plugins'))
  symlinkSync(join(dirname(fileURLToPath(import.meta.url)), '../..'), join(root, 'plugins', 'core'))
  return root
}

export async function harness(kind: TestDatabaseKind, config: Record<string, unknown> = {}): Promise<RuntimeHarness> {
  const clock = manualClock()
  const p = await startTestPlatform(kind, { rootDir: coreOnlyRoot(), pluginConfig: { core: { clock, ...config } } })
  const runtime = p.kernel.service<FlowRuntime>('flow.runtime')
  const t = await p.tenant()
  const tick = async (ms = 0) => {
    if (ms) clock.advance(ms)
    const w = runtime.workers(p.db.knex)
    const fired = await w.timers.drain()
    await w.outbox.drain()
    return fired
  }
  return { p, t, clock, runtime, tick }
}

type NodeSpec = [id: string, type: string, config?: Record<string, unknown>]
type EdgeSpec = [from: string, to: string, extra?: Partial<FlowEdge>] | FlowEdge

/** `flow('k', [['s','start'], …], [['s','a'], …])` → IR with edge ids e1, e2 … unless given. */
export function flow(key: string, nodes: NodeSpec[], edges: EdgeSpec[]) {
  return {
    key, version: 1,
    nodes: nodes.map(([id, type, config]): FlowNode => ({ id, type, ...(config ? { config } : {}) })),
    edges: edges.map((e, i): FlowEdge => (Array.isArray(e) ? { id: `e${i + 1}`, from: e[0], to: e[1], ...e[2] } : e)),
  }
}

/** Creates (or updates) the flow's draft and publishes it; returns the published version. */
export async function publish(t: TestTenant, ir: ReturnType<typeof flow>): Promise<{ id: string, flowId: string, version: number }> {
  let existing = (await t.api('GET', `/api/flows?key=${encodeURIComponent(ir.key)}`)).body.items[0]
  if (!existing) {
    const res = await t.api('POST', '/api/flows', { key: ir.key, name: ir.key, graph: ir })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    existing = res.body
  }
  else {
    expect((await t.api('PATCH', `/api/flows/${existing.id}`, { graph: ir })).status).toBe(200)
  }
  const res = await t.api('POST', `/api/flows/${existing.id}/publish`)
  // 200: the same graph again, answered with the version it already is.
  expect([200, 201], JSON.stringify(res.body)).toContain(res.status)
  return res.body
}

export async function start(t: TestTenant, flowKey: string, vars: Record<string, unknown> = {}) {
  const res = await t.api('POST', '/api/instances', { flowKey, vars })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body as { id: string, status: string, vars: Record<string, any> }
}

export async function instance(t: TestTenant, id: string) {
  const res = await t.api('GET', `/api/instances/${id}`)
  expect(res.status).toBe(200)
  return res.body as { id: string, status: string, vars: Record<string, any>, error: any, tasks: any[], tokens: any[], incidents: any[] }
}

export async function timeline(t: TestTenant, id: string): Promise<Array<{ seq: number, event: string, nodeId: string | null, data: any }>> {
  return (await t.api('GET', `/api/instances/${id}/timeline`)).body
}

/** Node ids executed, in order (one `node` row per execution). */
export async function path(t: TestTenant, id: string): Promise<string[]> {
  return (await timeline(t, id)).filter(h => h.event === 'node').map(h => h.nodeId!)
}

export async function openTasks(t: TestTenant, instanceId: string) {
  return (await t.api('GET', `/api/tasks?instanceId=${instanceId}`)).body as Array<{ id: string, nodeId: string, assigneeId: string | null, level: number | null, version: number, kind: string }>
}
