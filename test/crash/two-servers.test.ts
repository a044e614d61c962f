import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Database, openDatabase } from '@scrm/store'
import { openPostgresTestDatabase } from '@scrm/store/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { adminApi, parallel, publishFlow, type ServerProcess, startServer } from './server.js'

const TIMERS = 1000
const admin = process.env.TEST_DATABASE_URL

/** Two `scrm start` processes share one PostgreSQL: their timer workers race for the same rows. */
describe.skipIf(!admin)('two server processes on one PostgreSQL', () => {
  const servers: ServerProcess[] = []
  const dirs: string[] = []
  let db: (Database & { url: string }) | undefined
  let reader: Database | undefined
  afterAll(async () => {
    for (const s of servers) await s.stop()
    await reader?.close()
    await db?.close()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it(`${TIMERS} timers due at the same instant each fire exactly once`, async () => {
    db = await openPostgresTestDatabase(admin!, { poolMax: 1 })
    const start = async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'scrm-two-'))
      dirs.push(dataDir)
      const s = await startServer({ dataDir, databaseUrl: db!.url })
      servers.push(s)
      return s
    }
    const a = await start() // first: migrates and seeds
    const b = await start()
    const apis = [await adminApi(a.url), await adminApi(b.url)]
    await publishFlow(apis[0], {
      key: 'race',
      nodes: [
        { id: 's', type: 'start' }, { id: 'wait', type: 'timer', config: { until: 'vars.at' } },
        { id: 'inc', type: 'setFields', config: { set: { 'vars.fired': { '+': [{ var: 'vars.fired' }, 1] } } } }, { id: 'e', type: 'end' },
      ],
      edges: [{ id: 'a', from: 's', to: 'wait' }, { id: 'b', from: 'wait', to: 'inc' }, { id: 'c', from: 'inc', to: 'e' }],
    })
    // Parked an hour ahead while they are created (slow on a busy machine); then all moved to
    // one instant just ahead, so both processes find 1,000 timers due at once.
    const at = new Date(Date.now() + 3_600_000).toISOString()
    await parallel(TIMERS, 16, async (n) => {
      const res = await apis[n % 2]('POST', '/api/instances', { flowKey: 'race', vars: { at, fired: 0 } })
      expect(res.status).toBe(201)
    })
    reader = await openDatabase({ url: db.url, poolMax: 2 })
    const knex = reader.knex
    const moved = await knex('timers').whereNull('fired_at').update({ due_at: new Date(Date.now() + 2_000) })
    expect(moved).toBe(TIMERS)
    const deadline = Date.now() + 90_000
    for (;;) {
      const { n } = await knex('instances').where({ flow_key: 'race', status: 'completed' }).count('* as n').first() as { n: number }
      if (n === TIMERS) break
      if (Date.now() > deadline) throw new Error(`only ${n}/${TIMERS} completed`)
      await new Promise(r => setTimeout(r, 250))
    }
    const fired = await knex('instances').where({ flow_key: 'race' }).select(knex.raw(`(vars->>'fired')::int as fired`))
    expect(fired.every(r => r.fired === 1)).toBe(true)
    const timers = await knex('timers').whereNotNull('fired_at').select('claimed_by').count('* as n').groupBy('claimed_by')
    expect(timers.reduce((s, r) => s + Number(r.n), 0)).toBe(TIMERS)
    const resumed = await knex('history').where({ event: 'node.resumed', node_id: 'wait' }).count('* as n').first() as { n: number }
    expect(resumed.n).toBe(TIMERS)
    const lag = await knex('timers').select(knex.raw(`percentile_cont(array[0.5, 0.99]) within group (order by extract(epoch from fired_at - due_at)) as p`)).first()
    console.log(`[two servers] ${TIMERS} timers fired once each; by worker: ${timers.map(r => r.n).join(' + ')}; lag p50/p99 ${lag.p.map((x: number) => `${Math.round(x * 1000)} ms`).join(' / ')}`)
    expect(timers.length).toBe(2) // both processes took a share
  }, 180_000)
})
