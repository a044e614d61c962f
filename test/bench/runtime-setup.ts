// Shared set-up of the runtime benchmarks: the engine with the core node types on a bare
// database (no HTTP, no plugins), so the numbers are the runtime's own.
import { randomUUID } from 'node:crypto'
import type { FlowIR } from '../../packages/flow/src/index.js'
import { Engine, manualClock, runtimeMigrations, systemClock, type Clock } from '../../packages/runtime/src/index.js'
import { type Database, migrateLatest, openDatabase } from '../../packages/store/src/index.js'
import { openPostgresTestDatabase } from '../../packages/store/src/testing.js'
import { coreNodeTypes } from '../../plugins/core/src/nodes/index.js'

export { manualClock, systemClock }

export interface BenchDb {
  name: 'pglite' | 'postgres'
  open: (poolMax?: number) => Promise<Database>
}

export function benchDatabases(): BenchDb[] {
  const list: BenchDb[] = [{ name: 'pglite', open: () => openDatabase({ dataDir: 'memory' }) }]
  const url = process.env.TEST_DATABASE_URL
  if (url) list.push({ name: 'postgres', open: poolMax => openPostgresTestDatabase(url, { poolMax }) })
  // BENCH_DB=postgres (or pglite) measures one of them only.
  return list.filter(k => !process.env.BENCH_DB || k.name === process.env.BENCH_DB)
}

export const TENANT = '11111111-1111-4111-8111-111111111111'

const types = new Map(coreNodeTypes.map(t => [t.type, t]))
export function engine(clock: Clock = systemClock): Engine {
  return new Engine({ clock, nodeTypes: (_tenant, type) => types.get(type) })
}

export async function prepare(db: Database): Promise<void> {
  await migrateLatest(db.knex, [{ owner: 'core', migrations: runtimeMigrations }])
}

/** Publishes an IR directly (no validation: the benchmark flows are known good). */
export async function publishIR(db: Database, ir: FlowIR): Promise<string> {
  const flowId = randomUUID()
  const versionId = randomUUID()
  await db.knex('flows').insert({ tenant_id: TENANT, id: flowId, key: ir.key, name: ir.key, graph: JSON.stringify(ir), latest_version: 1 })
  await db.knex('flow_versions').insert({ tenant_id: TENANT, id: versionId, flow_id: flowId, flow_key: ir.key, version: 1, ir: JSON.stringify(ir) })
  return versionId
}

/** start → n setFields → end: n + 2 node executions in one step. */
export function chain(key: string, n: number): FlowIR {
  const nodes = [{ id: 's', type: 'start' }, ...Array.from({ length: n }, (_, i) => ({ id: `f${i}`, type: 'setFields', config: { set: { [`vars.x${i % 4}`]: { '+': [{ var: `vars.x${i % 4}` }, 1] } } } })), { id: 'e', type: 'end' }]
  const ids = nodes.map(x => x.id)
  return { key, version: 1, nodes, edges: ids.slice(1).map((to, i) => ({ id: `e${i}`, from: ids[i], to })) }
}

export async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => { while (next < items.length) await fn(items[next++]) }))
}

export function pct(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]
}
