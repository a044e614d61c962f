import { randomUUID } from 'node:crypto'
import { Engine, fireTimer, OutboxWorker, type RuntimeNodeType, startInstance, startInstances, TimerWorker, varsDataProvider } from '@scrm/runtime'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { flow, harness, instance, openTasks, path, publish, type RuntimeHarness, start, timeline, SETUP_MS } from './testing/flows.js'

const MIN = 60_000

describeDatabases('flow runtime: durability', (kind) => {
  let h: RuntimeHarness
  beforeAll(async () => {
    h = await harness(kind)
    await publish(h.t, flow('nap', [['s', 'start'], ['wait', 'timer', { duration: 'PT1M' }], ['inc', 'setFields', { set: { 'vars.n': { '+': [{ var: 'vars.n' }, 1] } } }], ['e', 'end']], [['s', 'wait'], ['wait', 'inc'], ['inc', 'e']]))
  }, SETUP_MS)
  afterAll(() => h?.p.close())

  const knex = () => h.p.db.knex
  const worker = (id: string, leaseMs = 30_000) => new TimerWorker({ engine: h.runtime.engine, db: knex(), workerId: id, leaseMs })

  /** Publishes an IR as a version without validation: for flows validate() would refuse. */
  async function unvalidated(ir: ReturnType<typeof flow>): Promise<string> {
    const flowId = randomUUID()
    const versionId = randomUUID()
    await knex()('flows').insert({ tenant_id: h.t.tenantId, id: flowId, key: ir.key, name: ir.key, graph: JSON.stringify(ir), latest_version: 1 })
    await knex()('flow_versions').insert({ tenant_id: h.t.tenantId, id: versionId, flow_id: flowId, flow_key: ir.key, version: 1, ir: JSON.stringify(ir) })
    return versionId
  }

  it('firing the same timer again (a replayed step) changes nothing', async () => {
    const i = await start(h.t, 'nap', { n: 0 })
    h.clock.advance(MIN)
    const [timer] = await worker('w1').claim()
    expect(await fireTimer(h.runtime.engine, knex(), timer)).toBe(true)
    const events = (await timeline(h.t, i.id)).length
    expect(await fireTimer(h.runtime.engine, knex(), timer)).toBe(false)
    expect((await timeline(h.t, i.id)).length).toBe(events)
    expect((await instance(h.t, i.id)).vars.n).toBe(1)
  })

  it('a claim whose lease ran out is taken over; the first worker firing late is a no-op', async () => {
    const i = await start(h.t, 'nap', { n: 0 })
    h.clock.advance(MIN)
    const a = worker('A', 5_000)
    const b = worker('B', 5_000)
    const [claimedByA] = await a.claim()
    expect(await b.claim()).toEqual([]) // leased to A
    h.clock.advance(6_000) // A died (or hangs) past its lease
    const [claimedByB] = await b.claim()
    expect(claimedByB.id).toBe(claimedByA.id)
    expect(await fireTimer(h.runtime.engine, knex(), claimedByB)).toBe(true)
    expect(await fireTimer(h.runtime.engine, knex(), claimedByA)).toBe(false)
    expect((await instance(h.t, i.id)).vars.n).toBe(1)
    expect((await timeline(h.t, i.id)).filter(e => e.event === 'node.resumed')).toHaveLength(1)
  })

  it('the same timer fired from two connections at once fires once', async () => {
    const ids = await Promise.all([0, 1, 2, 3].map(() => start(h.t, 'nap', { n: 0 })))
    h.clock.advance(MIN)
    const claimed = await worker('C').claim()
    // Every timer fired by two concurrent calls (on PGlite they queue on its one connection).
    const results = await Promise.all(claimed.flatMap(t => [fireTimer(h.runtime.engine, knex(), t), fireTimer(h.runtime.engine, knex(), t)]))
    expect(results.filter(Boolean)).toHaveLength(claimed.length)
    for (const i of ids) expect((await instance(h.t, i.id)).vars.n).toBe(1)
  })

  it('overdue timers fire at once on the next poll, oldest first', async () => {
    const i = await start(h.t, 'nap', { n: 0 })
    h.clock.advance(3 * 24 * 60 * MIN) // the server was down for three days
    expect(await h.tick()).toBeGreaterThanOrEqual(1)
    expect((await instance(h.t, i.id)).status).toBe('completed')
  })

  it('a loop without a waiting node is stopped with a clear error instead of spinning', async () => {
    const versionId = await unvalidated(flow('spin', [['s', 'start'], ['a', 'setFields', { set: { 'vars.x': 1 } }], ['b', 'setFields', { set: { 'vars.y': 1 } }]], [['s', 'a'], ['a', 'b'], ['b', 'a']]))
    const i = await startInstance(h.runtime.engine, knex(), h.t.tenantId, { flowVersionId: versionId })
    expect(i.status).toBe('failed')
    expect(i.error).toMatchObject({ code: 'runaway' })
  })

  it('an unknown node type fails the instance with an incident naming it', async () => {
    const versionId = await unvalidated(flow('ghost', [['s', 'start'], ['x', 'teleport'], ['e', 'end']], [['s', 'x'], ['x', 'e']]))
    const i = await startInstance(h.runtime.engine, knex(), h.t.tenantId, { flowVersionId: versionId })
    expect(i.status).toBe('failed')
    expect(i.error!.message).toContain('"teleport"')
    expect((await instance(h.t, i.id)).incidents[0]).toMatchObject({ nodeId: 'x', code: 'unknown_node_type' })
  })

  it('cancelling an instance cancels its tasks, timers and running subflow', async () => {
    const agent = await h.t.user('agent')
    await publish(h.t, flow('child', [['s', 'start'], ['t', 'userTask', { assign: { users: [agent.id] } }], ['e', 'end']], [['s', 't'], ['t', 'e']]))
    await publish(h.t, flow('parent', [['s', 'start'], ['split', 'parallelSplit'], ['sub', 'subflow', { flowKey: 'child' }], ['wait', 'timer', { duration: 'PT1H' }], ['j', 'parallelJoin'], ['e', 'end']],
      [['s', 'split'], ['split', 'sub'], ['split', 'wait'], ['sub', 'j'], ['wait', 'j'], ['j', 'e']]))
    const i = await start(h.t, 'parent')
    const child = (await h.t.api('GET', '/api/instances?flowKey=child')).body.find((c: { parentInstanceId: string }) => c.parentInstanceId === i.id)
    const [task] = await openTasks(h.t, child.id)
    expect((await agent.api('POST', `/api/instances/${i.id}/cancel`)).status).toBe(403)
    const res = await h.t.api('POST', `/api/instances/${i.id}/cancel`)
    expect(res.body).toMatchObject({ status: 'cancelled' })
    expect((await instance(h.t, child.id)).status).toBe('cancelled')
    expect((await agent.api('POST', `/api/tasks/${task.id}/complete`, {})).status).toBe(409)
    expect(await h.tick(2 * 60 * MIN)).toBe(0)
    expect((await h.t.api('POST', `/api/instances/${i.id}/cancel`)).status).toBe(409)
    expect(await path(h.t, i.id)).toEqual(['s', 'split', 'sub', 'wait'])
  })

  it('outbox: failures are retried with back-off, then parked; a permanent failure is parked at once', async () => {
    const attempts: string[] = []
    const outbox = new OutboxWorker({
      db: knex(), clock: h.clock, workerId: 'ob', maxAttempts: 3,
      handler: kind => async (m) => {
        attempts.push(`${m.idempotencyKey}#${m.attempt}`)
        throw kind === 'flaky' ? new Error('503 from receiver') : Object.assign(new Error('400 bad address'), { retryable: false })
      },
    })
    await knex()('outbox').insert([
      { tenant_id: h.t.tenantId, idempotency_key: 'k-flaky', kind: 'flaky', payload: '{}', next_attempt_at: h.clock.now() },
      { tenant_id: h.t.tenantId, idempotency_key: 'k-bad', kind: 'bad', payload: '{}', next_attempt_at: h.clock.now() },
    ])
    await outbox.runOnce()
    const row = async (key: string) => knex()('outbox').where({ tenant_id: h.t.tenantId, idempotency_key: key }).first()
    expect(await row('k-bad')).toMatchObject({ status: 'dead', attempts: 1, last_error: '400 bad address' })
    const flaky = await row('k-flaky')
    expect(flaky).toMatchObject({ status: 'pending', attempts: 1, last_error: '503 from receiver' })
    expect(new Date(flaky.next_attempt_at).getTime() - h.clock.now().getTime()).toBeGreaterThan(1000)
    expect(await outbox.runOnce()).toBe(0) // not due yet
    for (let n = 0; n < 3; n++) {
      h.clock.advance(MIN)
      await outbox.runOnce()
    }
    expect(await row('k-flaky')).toMatchObject({ status: 'dead', attempts: 3 })
    expect([...attempts].sort()).toEqual(['k-bad#1', 'k-flaky#1', 'k-flaky#2', 'k-flaky#3']) // same key every attempt
  })

  it('a timer whose step keeps failing is retried with back-off, then parked with an incident', async () => {
    const broken = new Engine({
      clock: h.clock,
      nodeTypes: (tenant, type) => h.p.kernel.registries.nodeTypes.get(tenant, type) as RuntimeNodeType | undefined,
      dataProvider: () => ({ ...varsDataProvider, onInstanceEnded: async () => { throw new Error('ticket store down') } }),
    })
    const w = new TimerWorker({ engine: broken, db: knex(), workerId: 'broken', maxAttempts: 3 })
    const i = await start(h.t, 'nap', { n: 0 })
    const timer = () => knex()('timers').where({ tenant_id: h.t.tenantId, instance_id: i.id }).first()
    h.clock.advance(MIN)
    await w.runOnce()
    expect(await timer()).toMatchObject({ attempts: 1, last_error: 'ticket store down', fired_at: null })
    await w.runOnce()
    expect((await timer()).attempts).toBe(1) // backing off
    for (let n = 0; n < 2; n++) {
      h.clock.advance(10 * MIN)
      await w.runOnce()
    }
    const parked = await timer()
    expect(parked).toMatchObject({ attempts: 3, fired_at: null })
    expect(parked.cancelled_at).not.toBeNull()
    const after = await instance(h.t, i.id)
    expect(after.status).toBe('running') // nothing of the failed steps happened
    expect(after.vars.n).toBe(0)
    expect(after.incidents.at(-1)).toMatchObject({ nodeId: 'wait', code: 'timer_failed' })
  })

  it('startInstances starts a batch in one transaction: all or none', async () => {
    const before = (await knex()('instances').where({ tenant_id: h.t.tenantId, flow_key: 'nap' }).count('* as n').first())!.n
    await expect(startInstances(h.runtime.engine, knex(), h.t.tenantId, [{ flowKey: 'nap', vars: { n: 0 } }, { flowKey: 'no-such-flow' }])).rejects.toThrow(/no-such-flow/)
    expect((await knex()('instances').where({ tenant_id: h.t.tenantId, flow_key: 'nap' }).count('* as n').first())!.n).toBe(before)
    const started = await startInstances(h.runtime.engine, knex(), h.t.tenantId, Array.from({ length: 5 }, (_, n) => ({ flowKey: 'nap', vars: { n } })))
    expect(started.map(i => i.status)).toEqual(Array(5).fill('running'))
    await h.tick(MIN)
    for (const [n, i] of started.entries()) expect((await instance(h.t, i.id)).vars.n).toBe(n + 1)
  })
})
