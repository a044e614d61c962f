// Tickets created per second through HTTP: template validation, identity match (5,000 customers,
// mixed phone spellings), opportunity lookup and flow start, at 50 concurrent connections.
// `npx vitest bench --run --config test/bench/vitest.bench.config.ts test/bench/tickets.bench.ts`
// (TEST_DATABASE_URL measures PostgreSQL too; BENCH_DB=postgres|pglite one of them; BENCH_SECONDS
// the duration). Results: docs/performance.md, "Tickets".
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import type { AddressInfo } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, bench, describe, it } from 'vitest'
import { startTestPlatform } from '../../apps/server/src/testing.js'
import { afterSalesTemplate } from '../../packages/forms/src/index.js'
import { openDatabase } from '../../packages/store/src/index.js'
import { openPostgresTestDatabase } from '../../packages/store/src/testing.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = 50
const POOL = Number(process.env.BENCH_POOL ?? 20)
const kinds = [
  { dialect: 'pglite' as const, open: () => openDatabase({ dataDir: 'memory' }) },
  ...(process.env.TEST_DATABASE_URL ? [{ dialect: 'postgres' as const, open: () => openPostgresTestDatabase(process.env.TEST_DATABASE_URL!, { poolMax: POOL }) }] : []),
].filter(k => !process.env.BENCH_DB || k.dialect === process.env.BENCH_DB)

const label = (s: string) => ({ 'zh-CN': s, 'en-US': s })
const flow = (userId: string) => ({
  key: 'repair', version: 1,
  nodes: [{ id: 's', type: 'start' }, { id: 't', type: 'userTask', config: { title: '派单', assign: { users: [userId] } } }, { id: 'e', type: 'end' }],
  edges: [{ id: 'a', from: 's', to: 't' }, { id: 'b', from: 't', to: 'e' }],
})

/** Only the plugins a ticket needs (core, customers, tickets): the numbers are the intake path's own. */
function pluginsRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'scrm-bench-tickets-'))
  mkdirSync(join(root, 'plugins'))
  for (const name of ['core', 'customers', 'tickets']) symlinkSync(fileURLToPath(new URL(`../../plugins/${name}`, import.meta.url)), join(root, 'plugins', name))
  return root
}

interface Load { rps: number, ok: number, non2xx: number, errors: number, timeouts: number, p50: number, p99: number, max: number }

/** autocannon in a child process; meanwhile the server's own CPU time and event-loop use are measured. */
async function run(url: string, token: string, seconds: number, target = 'tickets') {
  const cpu0 = process.cpuUsage()
  const elu0 = performance.eventLoopUtilization()
  const child = spawn(process.execPath, [fileURLToPath(new URL('./tickets-load.cjs', import.meta.url)), url, token, String(seconds), String(CONNECTIONS), target], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (d) => { out += d })
  await new Promise((resolve, reject) => child.on('exit', code => (code === 0 ? resolve(code) : reject(new Error(`load generator exited ${code}`)))))
  const cpu = process.cpuUsage(cpu0)
  const elu = performance.eventLoopUtilization(elu0)
  const load = JSON.parse(out) as Load
  return { ...load, cpuMsPerTicket: (cpu.user + cpu.system) / 1000 / Math.max(1, load.ok), elu: elu.utilization }
}

for (const kind of kinds) {
  describe(`tickets over HTTP [${kind.dialect}]`, async () => {
    const p = await startTestPlatform(kind, { rootDir: pluginsRoot() })
    const t = await p.tenant('bench')
    const tpl = await t.api('POST', '/api/ticket-templates', { key: 'after-sales-form', name: label('售后服务单'), schema: afterSalesTemplate })
    await t.api('POST', '/api/ticket-types', { key: 'after-sales', name: label('售后服务'), templateId: tpl.body.id, flowKey: 'repair' })
    const f = await t.api('POST', '/api/flows', { key: 'repair', name: '报修', graph: flow(t.id) })
    await t.api('POST', `/api/flows/${f.body.id}/publish`)
    await p.app.listen({ host: '127.0.0.1', port: 0 })
    const url = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`

    await run(url, t.token, 3) // warm-up: JIT, caches, the first customers
    // BENCH_PROFILE=/tmp/tickets.cpuprofile records the server's CPU profile of the measured run.
    const profiler = process.env.BENCH_PROFILE ? new Session() : undefined
    profiler?.connect()
    await profiler?.post('Profiler.enable')
    await profiler?.post('Profiler.start')
    const r = await run(url, t.token, SECONDS)
    if (profiler) writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify((await profiler.post('Profiler.stop')).profile))
    const created = Number((await p.db.knex('tickets').count({ n: '*' }))[0].n)
    const instances = Number((await p.db.knex('instances').count({ n: '*' }))[0].n)
    const floor = await run(url, t.token, Math.max(3, SECONDS / 2), 'health')
    console.log(`[tickets bench ${kind.dialect}] floor GET /api/health (one select 1): ${floor.rps.toFixed(0)} req/s, p50 ${floor.p50} ms, p99 ${floor.p99} ms, server CPU ${floor.cpuMsPerTicket.toFixed(2)} ms per request`)
    console.log(`[tickets bench ${kind.dialect}] ${CONNECTIONS} connections, ${SECONDS} s${kind.dialect === 'postgres' ? `, pool ${POOL}` : ''}: `
      + `${r.rps.toFixed(0)} tickets/s (${r.ok} created, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts), `
      + `latency p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms; server CPU ${r.cpuMsPerTicket.toFixed(2)} ms per ticket, `
      + `event loop ${(r.elu * 100).toFixed(0)}% busy; ${created} tickets and ${instances} flow instances in the database; load average ${loadavg()[0].toFixed(1)}`)

    // The database floor: transactions of as many trivial statements as a ticket sends (12), at
    // the same concurrency as the pool, without HTTP or any ticket logic.
    const trivial = () => p.db.knex.transaction(async (trx) => { for (let i = 0; i < 12; i++) await trx.raw('select ?::int as x', [i]) })
    let done = 0
    const until = performance.now() + 3000
    const t0 = performance.now()
    await Promise.all(Array.from({ length: kind.dialect === 'postgres' ? POOL : 1 }, async () => { while (performance.now() < until) { await trivial(); done++ } }))
    console.log(`[tickets bench ${kind.dialect}] floor: ${(done / (performance.now() - t0) * 1000).toFixed(0)} transactions/s of 12 trivial statements (in-process, no HTTP)`)

    const one = async () => {
      await t.api('POST', '/api/tickets', { typeKey: 'after-sales', title: '单次', fields: { problemType: '物流咨询', contactPhone: '13900000001' }, customer: { phone: '13900000001' } })
    }
    // `pnpm bench` runs this file with `vitest run`, where bench() does not exist: the numbers
    // above are the result either way.
    try { bench('POST /api/tickets (in-process inject, one at a time)', one, { time: 2_000 }) }
    catch { it('measured tickets over HTTP (numbers above)', one) }
    afterAll(() => p.close())
  })
}
