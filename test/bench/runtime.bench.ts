// Node transitions per second through the durable runtime (one transaction per step).
// `npx vitest bench --run --config test/bench/vitest.bench.config.ts test/bench/runtime.bench.ts`
// (set TEST_DATABASE_URL to measure PostgreSQL too). Results: docs/performance.md, "Flow runtime".
import { afterAll, bench, describe } from 'vitest'
import { completeTask, startInstance, startInstances } from '../../packages/runtime/src/index.js'
import { benchDatabases, chain, engine, pool, prepare, publishIR, TENANT } from './runtime-setup.js'

const CONCURRENCY = { pglite: 1, postgres: 8 }

for (const kind of benchDatabases()) {
  describe(`runtime transitions [${kind.name}]`, async () => {
    const db = await kind.open(CONCURRENCY[kind.name] + 2)
    afterAll(() => db.close())
    await prepare(db)
    const e = engine()
    const c = CONCURRENCY[kind.name]

    // 1. Automatic nodes: one step runs start → 20 setFields → end.
    await publishIR(db, chain('chain20', 20))
    const runChain = async (instances: number) => {
      const t0 = performance.now()
      await pool(Array.from({ length: instances }), c, async () => { await startInstance(e, db.knex, TENANT, { flowKey: 'chain20', vars: {} }) })
      return performance.now() - t0
    }
    await runChain(100) // warm-up
    const n = kind.name === 'postgres' ? 2000 : 1000
    const ms = await runChain(n)
    const transitions = n * 22
    console.log(`[runtime bench ${kind.name}] chain of 22 nodes: ${n} instances in ${ms.toFixed(0)} ms → ${(transitions / ms * 1000).toFixed(0)} transitions/s, ${(n / ms * 1000).toFixed(0)} steps/s (concurrency ${c})`)
    // The same, 20 instances per transaction (startInstances: imports, bulk creation).
    const tb = performance.now()
    await pool(Array.from({ length: n / 20 }), c, async () => { await startInstances(e, db.knex, TENANT, Array.from({ length: 20 }, () => ({ flowKey: 'chain20', vars: {} }))) })
    const batchMs = performance.now() - tb
    console.log(`[runtime bench ${kind.name}] chain of 22 nodes, 20 instances per transaction: ${n} instances in ${batchMs.toFixed(0)} ms → ${(transitions / batchMs * 1000).toFixed(0)} transitions/s, ${(n / batchMs * 1000).toFixed(0)} instances/s`)

    // 2. One node per step: start → userTask (step 1), complete → end (step 2).
    await publishIR(db, {
      key: 'task', version: 1,
      nodes: [{ id: 's', type: 'start' }, { id: 't', type: 'userTask', config: { assign: { users: [TENANT] } } }, { id: 'e', type: 'end' }],
      edges: [{ id: 'a', from: 's', to: 't' }, { id: 'b', from: 't', to: 'e' }],
    })
    const m = kind.name === 'postgres' ? 2000 : 1000
    const ids: string[] = []
    const t1 = performance.now()
    await pool(Array.from({ length: m }), c, async () => { ids.push((await startInstance(e, db.knex, TENANT, { flowKey: 'task' })).id) })
    const startMs = performance.now() - t1
    const tasks = await db.knex('tasks').where({ tenant_id: TENANT, status: 'open' }).pluck('id')
    const t2 = performance.now()
    await pool(tasks, c, async (id) => { await completeTask(e, db.knex, TENANT, id, { actor: { userId: TENANT } }) })
    const completeMs = performance.now() - t2
    console.log(`[runtime bench ${kind.name}] task flow: ${m} starts (2 transitions each) in ${startMs.toFixed(0)} ms → ${(m / startMs * 1000).toFixed(0)} steps/s, ${(2 * m / startMs * 1000).toFixed(0)} transitions/s; ${tasks.length} completions (resume + end) in ${completeMs.toFixed(0)} ms → ${(tasks.length / completeMs * 1000).toFixed(0)} steps/s`)

    bench('start a 22-node automatic flow (one step)', async () => {
      await startInstance(e, db.knex, TENANT, { flowKey: 'chain20', vars: {} })
    }, { time: 2_000 })
    bench('start a flow that stops at a user task (one step)', async () => {
      await startInstance(e, db.knex, TENANT, { flowKey: 'task' })
    }, { time: 2_000 })
  })
}
