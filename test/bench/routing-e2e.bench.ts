// End-to-end routing rate: `routing.route(scope, ticketId)` on a seeded tenant (1,000 agents,
// 20 rules, 2,000 open tickets): read the ticket, customer and tags; the cached org snapshot;
// the pool's loads; lock the round-robin cursor; decide; write the assignment record, the ticket
// (assignee, team, priority, version) and its timeline entry — one transaction per ticket.
// `npx vitest bench --run --config test/bench/vitest.bench.config.ts test/bench/routing`
// (TEST_DATABASE_URL adds PostgreSQL). Results: docs/performance.md, "Routing".
import { bench, describe } from 'vitest'
import { testDatabaseKinds } from '../../packages/store/src/testing.js'
import { startRouting } from '../../plugins/routing/src/test-helper.test-helper.js'
import { seedRouting } from './routing-setup.js'

const CONCURRENCY: Record<string, number> = { pglite: 1, postgres: 8 }
const N = Number(process.env.ROUTING_E2E_N ?? 1000)

for (const kind of testDatabaseKinds().filter(k => !process.env.BENCH_DB || k.dialect === process.env.BENCH_DB)) {
  describe(`routing end to end [${kind.dialect}]`, async () => {
    const p = await startRouting(kind, { snapshotTtlMs: 60_000, experienceTtlMs: 60_000 })
    const t = await p.tenant()
    const { ticketIds } = await seedRouting(p.db.knex, t.tenantId, N + 200)
    const scope = p.scope(t.tenantId)
    const c = CONCURRENCY[kind.dialect]
    let next = 0
    const worker = async (count: number, lat: number[]) => {
      for (let k = 0; k < count; k++) {
        const t0 = performance.now()
        await p.routing.route(scope, ticketIds[next++])
        lat.push(performance.now() - t0)
      }
    }
    await worker(200, []) // warm-up: caches, JIT, prepared plans
    // Context for the numbers: the machine's round trip for a trivial query, and queries per decision.
    const r0 = performance.now()
    for (let k = 0; k < 200; k++) await p.db.knex.raw('select 1')
    const rtt = (performance.now() - r0) / 200
    let queries = 0
    const count = () => { queries++ }
    p.db.knex.on('query', count)
    const lat: number[] = []
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    await Promise.all(Array.from({ length: c }, () => worker(N / c, lat)))
    const ms = performance.now() - t0
    const cpu = process.cpuUsage(c0)
    p.db.knex.removeListener('query', count)
    lat.sort((a, b) => a - b)
    const q = (x: number) => lat[Math.min(lat.length - 1, Math.floor(lat.length * x))].toFixed(1)
    const outcomes = await p.db.knex('routing_assignments').where({ tenant_id: t.tenantId }).groupBy('outcome').select('outcome', p.db.knex.raw('count(*)::int as n'))
    console.log(`[routing e2e ${kind.dialect}] ${N} tickets routed in ${ms.toFixed(0)} ms → ${(N / ms * 1000).toFixed(0)} decisions/s (concurrency ${c}); latency ms p50 ${q(0.5)} p90 ${q(0.9)} p99 ${q(0.99)}; outcomes ${JSON.stringify(outcomes)}; server-process CPU ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms per decision; ${(queries / N).toFixed(1)} queries per decision, 'select 1' round trip ${rtt.toFixed(2)} ms`)
    await p.close()
    bench('noop (numbers above)', () => {}, { iterations: 1 })
  })
}
