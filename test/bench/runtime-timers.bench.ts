// Timer lag with 100,000 pending timers: how late after its due time does a timer fire?
// `npx vitest bench --run --config test/bench/vitest.bench.config.ts test/bench/runtime-timers.bench.ts`
// (TEST_DATABASE_URL for PostgreSQL too). Results: docs/performance.md, "Flow runtime".
import { bench, describe } from 'vitest'
import { TimerWorker } from '../../packages/runtime/src/index.js'
import { benchDatabases, engine, pct, prepare, publishIR, TENANT } from './runtime-setup.js'

const PENDING = 100_000
const STREAM = 1_000 // due one every 10 ms over 10 s, among the 100,000
const BURST = { pglite: 1_000, postgres: 3_000 } // due at the same instant

for (const kind of benchDatabases()) {
  describe(`timer lag [${kind.name}]`, async () => {
    const concurrency = kind.name === 'postgres' ? 4 : 1
    const db = await kind.open(concurrency + 2)
    await prepare(db)
    const e = engine()
    const knex = db.knex
    const versionId = await publishIR(db, {
      key: 'timed', version: 1,
      nodes: [{ id: 's', type: 'start' }, { id: 'wait', type: 'timer', config: { duration: 'PT1H' } }, { id: 'e', type: 'end' }],
      edges: [{ id: 'a', from: 's', to: 'wait' }, { id: 'b', from: 'wait', to: 'e' }],
    })
    const total = PENDING + BURST[kind.name]
    // Instances parked at the timer, as the engine would leave them, made in bulk.
    const t0 = performance.now()
    await knex.raw(`insert into instances (tenant_id, flow_version_id, flow_key, flow_version, status, vars, seq)
      select ?, ?, 'timed', 1, 'running', '{}', 2 from generate_series(1, ?)`, [TENANT, versionId, total])
    await knex.raw(`insert into tokens (tenant_id, instance_id, node_id, status, step, state)
      select tenant_id, id, 'wait', 'waiting', 1, '{}' from instances where flow_key = 'timed'`)
    // All pending for days first; then, once the table is full, the measured ones are moved
    // to just ahead of now (so slow set-up on a busy machine cannot make them overdue).
    await knex.raw(`insert into timers (tenant_id, instance_id, token_id, node_id, kind, due_at)
      select tenant_id, instance_id, id, 'wait', 'timer', now() + interval '1 day' + n * interval '1 second'
      from (select tenant_id, instance_id, id, row_number() over () as n from tokens where node_id = 'wait') t`)
    await knex.raw('analyze timers')
    const base = Date.now() + 3_000
    // The first STREAM due one every 10 ms from `base`; the next BURST all at base + 15 s.
    await knex.raw(`update timers t set due_at = case when r.n <= ? then to_timestamp((?::bigint + r.n * 10) / 1000.0)
        else to_timestamp((?::bigint + 15000) / 1000.0) end
      from (select id, row_number() over (order by due_at) as n from timers order by due_at limit ?) r where t.id = r.id`,
    [STREAM, base, base, STREAM + BURST[kind.name]])
    console.log(`[timer bench ${kind.name}] ${total} pending timers created in ${(performance.now() - t0).toFixed(0)} ms`)

    const worker = new TimerWorker({ engine: e, db: knex, concurrency, onError: err => console.error(err) })
    worker.start()
    const fired = async () => Number((await knex('timers').whereNotNull('fired_at').count('* as n').first())!.n)
    const deadline = Date.now() + 120_000
    while ((await fired()) < STREAM + BURST[kind.name] && Date.now() < deadline) await new Promise(r => setTimeout(r, 500))
    await worker.stop()

    const lags = async (from: number, to: number) => (await knex.raw(`select extract(epoch from fired_at - due_at) * 1000 as ms from timers
      where due_at >= to_timestamp(?::bigint / 1000.0) and due_at <= to_timestamp(?::bigint / 1000.0) and fired_at is not null order by 1`, [from, to])).rows.map((r: { ms: string }) => Number(r.ms)) as number[]
    const stream = await lags(base, base + STREAM * 10)
    const burst = await lags(base + 15_000, base + 15_000)
    const f = (n: number) => `${Math.round(n)} ms`
    console.log(`[timer bench ${kind.name}] stream of ${STREAM} among ${PENDING} pending: fired ${stream.length}, lag p50 ${f(pct(stream, 0.5))}, p99 ${f(pct(stream, 0.99))}, max ${f(stream.at(-1)!)}`)
    console.log(`[timer bench ${kind.name}] burst of ${BURST[kind.name]} due at once: fired ${burst.length}, lag p50 ${f(pct(burst, 0.5))}, max ${f(burst.at(-1)!)} → ${(burst.length / (burst.at(-1)! / 1000)).toFixed(0)} timers/s (concurrency ${concurrency})`)
    const claim = performance.now()
    await worker.claim() // nothing due now: the index makes this cheap whatever the backlog
    console.log(`[timer bench ${kind.name}] an empty claim over ${PENDING} pending rows: ${(performance.now() - claim).toFixed(1)} ms`)
    await db.close()

    bench('noop (numbers above)', () => {})
  })
}
