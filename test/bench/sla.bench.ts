// SLA escalation lag with 100,000 open tickets, each with a pending SLA timer: how long after an
// escalation level is due are its actions done and recorded? The real platform (core, tickets,
// notify, sla), the production timer worker (poll 500 ms; concurrency 4 on PostgreSQL, 1 on PGlite),
// the system clock. Lag = sla_events.recorded_at (after the level's notify action) − due time.
// Sizes and rates: SLA_BENCH_PENDING, SLA_BENCH_STREAM, SLA_BENCH_GAP (ms), SLA_BENCH_BURST, SLA_BENCH_CONCURRENCY, SLA_BENCH_POLL_MS.
// `npx vitest bench --run --config test/bench/vitest.bench.config.ts test/bench/sla.bench.ts`
// (TEST_DATABASE_URL for PostgreSQL too; BENCH_DB=pglite|postgres for one). Results: docs/performance.md, "SLA".
import type { TestDatabaseKind } from '../../packages/store/src/testing.js'
import { bench, describe } from 'vitest'
import { systemClock } from '../../packages/runtime/src/index.js'
import { createPolicy, setupTenant, startSlaPlatform } from '../../plugins/sla/src/platform.test-helper.js'
import { benchDatabases, pct } from './runtime-setup.js'

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const PENDING = env('SLA_BENCH_PENDING', 100_000)
// A steady stream of escalations due one every STREAM_GAP ms among the pending ones (5/s on
// PGlite, 20/s on PostgreSQL: 0.4–1.7 million a day, far above what the seeds describe), then a
// burst due at one instant, which measures throughput.
const STREAM = { pglite: env('SLA_BENCH_STREAM', 200), postgres: env('SLA_BENCH_STREAM', 600) }
const STREAM_GAP = { pglite: env('SLA_BENCH_GAP', 200), postgres: env('SLA_BENCH_GAP', 50) }
const BURST = { pglite: env('SLA_BENCH_BURST', 200), postgres: env('SLA_BENCH_BURST', 1_000) }
/** Timer steps in parallel on PostgreSQL (core's `timerConcurrency`; default 4). */
const CONCURRENCY = process.env.SLA_BENCH_CONCURRENCY ? Number(process.env.SLA_BENCH_CONCURRENCY) : undefined
/** The timer worker's poll interval (core's `timerPollMs`; default 500 ms): the floor of the lag. */
const POLL_MS = process.env.SLA_BENCH_POLL_MS ? Number(process.env.SLA_BENCH_POLL_MS) : undefined
const iso = (col: string) => `to_char((${col}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

for (const db of benchDatabases()) {
  describe(`SLA escalation lag [${db.name}]`, async () => {
    const kind: TestDatabaseKind = { dialect: db.name, open: () => db.open((CONCURRENCY ?? 4) + 4) }
    const core = { ...(db.name === 'postgres' && CONCURRENCY ? { timerConcurrency: CONCURRENCY } : {}), ...(POLL_MS ? { timerPollMs: POLL_MS } : {}) }
    const p = await startSlaPlatform(kind, { clock: systemClock, core })
    const knex = p.db.knex
    const t = await p.tenant()
    const { agent } = await setupTenant(t)
    await t.user('supervisor')
    const policy = await createPolicy(t, {
      name: '压测', calendar: null, targets: { normal: { resolution: 'PT1H' } },
      escalations: [{ after: 'PT0S', actions: [{ type: 'notify', to: [{ supervisor: 1 }], urgent: true }] }],
    })
    const typeId = (await knex('ticket_types').where({ tenant_id: t.tenantId, key: 'repair' }).first('id')).id
    const stream = STREAM[db.name]
    const burst = BURST[db.name]
    const gap = STREAM_GAP[db.name]

    // Open tickets with running SLA clocks and their timers, as the plugin leaves them, in bulk:
    // all due in a day or more first; once the tables are full the measured ones move to just ahead.
    const t0 = performance.now()
    await knex.raw(`insert into tickets (tenant_id, id, number, title, type_id, status, status_category, priority, assignee_id, channel, sla_state)
      select ?, gen_random_uuid(), 'B' || n, '压测工单 ' || n, ?, 'open', 'open', 'normal', ?, 'api', 'ok' from generate_series(1, ?) n`, [t.tenantId, typeId, agent.id, PENDING])
    await knex.raw(`insert into sla_tickets (tenant_id, ticket_id, policy_id, policy, state, targets, timer_id, next_at)
      select tenant_id, id, ?, ?::jsonb, 'ok', jsonb_build_object('resolution', jsonb_build_object('kind', 'resolution', 'cycle', 1,
        'calendar', null, 'within', 'PT1H', 'targetMs', 3600000, 'startedAt', ${iso(`due - interval '1 hour'`)}, 'pausedMs', 0, 'dueAt', ${iso('due')},
        'status', 'running', 'completedAt', null, 'breachedAt', null, 'fired', '[]'::jsonb)), gen_random_uuid(), due
      from (select tenant_id, id, now() + interval '1 day' + row_number() over () * interval '1 second' as due from tickets where tenant_id = ?) x`,
    [policy.id, JSON.stringify(policy), t.tenantId])
    await knex.raw(`insert into timers (tenant_id, id, instance_id, kind, due_at, payload)
      select tenant_id, timer_id, null, 'sla.due', next_at, jsonb_build_object('ticketId', ticket_id) from sla_tickets where tenant_id = ?`, [t.tenantId])
    await knex.raw('analyze timers')
    const base = Date.now() + 3_000
    const burstAt = base + stream * gap + 5_000
    await knex.raw(`update sla_tickets s set next_at = d.at,
        targets = jsonb_set(jsonb_set(s.targets, '{resolution,dueAt}', to_jsonb(${iso('d.at')})), '{resolution,startedAt}', to_jsonb(${iso(`d.at - interval '1 hour'`)}))
      from (select ticket_id, case when n <= ? then to_timestamp((?::bigint + n * ?) / 1000.0) else to_timestamp(?::bigint / 1000.0) end as at
            from (select ticket_id, row_number() over (order by next_at) as n from sla_tickets where tenant_id = ? order by next_at limit ?) picked) d
      where s.tenant_id = ? and s.ticket_id = d.ticket_id`, [stream, base, gap, burstAt, t.tenantId, stream + burst, t.tenantId])
    await knex.raw(`update timers tm set due_at = s.next_at from sla_tickets s
      where s.tenant_id = ? and tm.tenant_id = s.tenant_id and tm.id = s.timer_id and s.next_at < now() + interval '1 hour'`, [t.tenantId])
    console.log(`[sla bench ${db.name}] ${PENDING} open tickets with SLA timers created in ${(performance.now() - t0).toFixed(0)} ms`)

    const cpu0 = process.cpuUsage()
    p.workers.timers.start()
    const done = async () => Number((await knex('sla_events').where({ tenant_id: t.tenantId, event: 'escalated' }).count('* as n').first())!.n)
    const deadline = Date.now() + 300_000
    while ((await done()) < stream + burst && Date.now() < deadline) await new Promise(r => setTimeout(r, 500))
    await p.workers.timers.stop()
    const cpu = process.cpuUsage(cpu0)

    const lags = async (from: number, to: number) => (await knex.raw(`select extract(epoch from recorded_at - due_at) * 1000 as ms from sla_events
      where tenant_id = ? and event = 'escalated' and due_at >= to_timestamp(?::bigint / 1000.0) and due_at <= to_timestamp(?::bigint / 1000.0) order by 1`,
    [t.tenantId, from, to])).rows.map((r: { ms: string }) => Number(r.ms)) as number[]
    const s = await lags(base, base + stream * gap)
    const b = await lags(burstAt, burstAt)
    const f = (n: number | undefined) => (n === undefined ? '—' : `${Math.round(n)} ms`)
    const load = (await import('node:os')).loadavg().map(x => x.toFixed(1)).join(' ')
    console.log(`[sla bench ${db.name}] load average ${load}; timer concurrency ${db.name === 'postgres' ? CONCURRENCY ?? 4 : 1}, poll ${POLL_MS ?? 500} ms`)
    console.log(`[sla bench ${db.name}] stream of ${stream} (${1000 / gap}/s) among ${PENDING}: escalated ${s.length}, lag p50 ${f(pct(s, 0.5))}, p95 ${f(pct(s, 0.95))}, p99 ${f(pct(s, 0.99))}, max ${f(s.at(-1))}`)
    console.log(`[sla bench ${db.name}] burst of ${burst} due at once: escalated ${b.length}, lag p50 ${f(pct(b, 0.5))}, max ${f(b.at(-1))} → ${(b.length / (b.at(-1)! / 1000)).toFixed(0)} escalations/s`)
    console.log(`[sla bench ${db.name}] server-side CPU (this process) per escalation: ${((cpu.user + cpu.system) / 1000 / (stream + burst)).toFixed(2)} ms`)
    const deliveries = Number((await knex('notify_deliveries').where({ tenant_id: t.tenantId }).count('* as n').first())!.n)
    console.log(`[sla bench ${db.name}] notifications written: ${deliveries}; still pending SLA timers: ${Number((await knex('timers').where({ kind: 'sla.due' }).whereNull('fired_at').whereNull('cancelled_at').count('* as n').first())!.n)}`)
    await p.close()

    bench('noop (numbers above)', () => {})
  })
}
