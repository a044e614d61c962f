import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { addRule, ok, type RoutingPlatform, routed, shop, startRouting, ticket } from './test-helper.test-helper.js'

/**
 * Each strategy end to end (intake → rules → decision → ticket + timeline + record), with a tie
 * and with an empty pool. Ties break by load ratio, then open tickets, then user id.
 */
describeDatabases('routing strategies', (kind) => {
  let p: RoutingPlatform
  beforeAll(async () => { p = await startRouting(kind) })
  afterAll(() => p?.close())

  /** Nobody can take it: everyone at capacity → team queue, supervisor told, on the timeline. */
  async function expectQueued(s: Awaited<ReturnType<typeof shop>>, strategy: string) {
    for (const a of s.agents) await ok(s.t.api('PATCH', `/api/org/users/${a.id}`, { capacity: 0 }))
    const tk = await ticket(s.t)
    expect(tk, strategy).toMatchObject({ assigneeId: null, team: 'a' })
    const r = await routed(s.t, tk.id)
    expect(r, strategy).toMatchObject({ outcome: 'queued', strategy, team: 'a', supervisors: [s.sup.id], notified: [s.sup.id] })
    expect(r.dropped.at_capacity, strategy).toBeGreaterThan(0)
    const told = await p.db.knex('notify_deliveries').where({ tenant_id: s.t.tenantId, user_id: s.sup.id, event: 'routing.queued' })
    expect(told.length, strategy).toBeGreaterThan(0)
    expect(told[0].subject).toContain(tk.number)
    const rec = await ok(s.t.api('GET', `/api/routing/tickets/${tk.id}/assignments`))
    expect(rec[0]).toMatchObject({ outcome: 'queued', notified: [s.sup.id], kind: 'auto' })
  }

  it('least-load: a tie goes to the smaller user id, then the less loaded one; empty pool → queue', async () => {
    const s = await shop(p, 2)
    await addRule(s.t, { strategy: 'least-load' })
    const first = await ticket(s.t)
    expect(first.assigneeId).toBe(s.agents[0].id)
    expect(await routed(s.t, first.id)).toMatchObject({ outcome: 'assigned', tieBreak: 'user_id', candidates: [{ userId: s.agents[0].id, score: 1 }, { userId: s.agents[1].id, score: 1 }] })
    const second = await ticket(s.t)
    expect(second.assigneeId).toBe(s.agents[1].id)
    expect((await routed(s.t, second.id)).tieBreak).toBeNull()
    await expectQueued(s, 'least-load')
  })

  it('round-robin: takes turns in id order through a durable cursor; empty pool → queue', async () => {
    const s = await shop(p, 3)
    await addRule(s.t, { strategy: 'round-robin' })
    const got = []
    for (let i = 0; i < 4; i++) got.push((await ticket(s.t)).assigneeId)
    expect(got).toEqual([...s.agents.map(a => a.id), s.agents[0].id])
    const cursor = await p.db.knex('routing_cursors').where({ tenant_id: s.t.tenantId }).first()
    expect(cursor.last_user_id).toBe(s.agents[0].id)
    // Off duty people are skipped without losing the rotation.
    const shanghaiToday = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    await ok(s.t.api('PUT', `/api/org/users/${s.agents[1].id}/overrides/${shanghaiToday}`, { onDuty: false }))
    const next = await ticket(s.t)
    expect(next.assigneeId).toBe(s.agents[2].id)
    expect((await routed(s.t, next.id)).dropped).toMatchObject({ off_duty: 1 })
    await expectQueued(s, 'round-robin')
  })

  it('skills: best level wins; equal levels tie on load; missing or too low skills dropped; empty pool → queue', async () => {
    const s = await shop(p, 3)
    const [x, y, z] = s.agents
    await ok(s.t.api('PATCH', `/api/org/users/${x.id}`, { skills: [{ skill: '空调', level: 4 }] }))
    await ok(s.t.api('PATCH', `/api/org/users/${y.id}`, { skills: [{ skill: '空调', level: 4 }], capacity: 5 }))
    await ok(s.t.api('PATCH', `/api/org/users/${z.id}`, { skills: [{ skill: '空调', level: 2 }] }))
    await addRule(s.t, { strategy: 'skills', pool: { team: 'a', skills: ['空调:3'] } })
    const first = await ticket(s.t)
    expect(first.assigneeId).toBe(x.id)
    expect(await routed(s.t, first.id)).toMatchObject({ tieBreak: 'user_id', dropped: { skill_level: 1 }, candidates: [{ userId: x.id, score: 0.8, why: '空调:4' }, { userId: y.id, score: 0.8 }] })
    // x now has 1 of 10 open, y 0 of 5: equal score, lower ratio wins.
    const second = await ticket(s.t)
    expect(second.assigneeId).toBe(y.id)
    expect((await routed(s.t, second.id)).tieBreak).toBe('load_ratio')
    await expectQueued(s, 'skills')
  })

  it('nearest: closest by distance; same spot ties; no location dropped; empty pool → queue', async () => {
    const s = await shop(p, 3)
    const [x, y, z] = s.agents
    const bund = { lat: 31.2400, lng: 121.4900 }
    await ok(s.t.api('PATCH', `/api/org/users/${x.id}`, { location: { lat: 31.2304, lng: 121.4737 } }))
    await ok(s.t.api('PATCH', `/api/org/users/${y.id}`, { location: { lat: 31.2304, lng: 121.4737 } }))
    await addRule(s.t, { strategy: 'nearest' })
    const first = await ticket(s.t, { fields: { site: bund } })
    expect(first.assigneeId).toBe(x.id)
    const r = await routed(s.t, first.id)
    expect(r).toMatchObject({ tieBreak: 'user_id', dropped: { no_location: 1 } })
    expect(r.candidates[0].why).toMatch(/^1\.\d km$/)
    await ok(s.t.api('PATCH', `/api/org/users/${z.id}`, { location: bund }))
    expect((await ticket(s.t, { fields: { site: bund } })).assigneeId).toBe(z.id)
    await expectQueued(s, 'nearest')
  })

  it('experience: no history ties (0.5); a resolved record wins; empty pool → queue', async () => {
    const s = await shop(p, 2)
    const [x, y] = s.agents
    await addRule(s.t, { strategy: 'experience' })
    const first = await ticket(s.t)
    expect(first.assigneeId).toBe(x.id)
    expect(await routed(s.t, first.id)).toMatchObject({ tieBreak: 'user_id', candidates: [{ score: 0.5, why: 'no history on this type' }, { score: 0.5 }] })
    // y resolves a repair ticket quickly; x's stays open.
    const done = await ok(s.t.api('POST', '/api/routing/override', { ticketId: first.id, assigneeId: y.id, reason: '熟悉该型号' }))
    expect(done.assigneeId).toBe(y.id)
    await ok(s.t.api('POST', `/api/tickets/${first.id}/status`, { status: 'resolved' }))
    const open = await ticket(s.t)
    expect(open.assigneeId).toBe(y.id)
    const why = (await routed(s.t, open.id)).candidates
    expect(why[0]).toMatchObject({ userId: y.id, why: expect.stringMatching(/^1\/1 resolved/) })
    expect(why[0].score).toBeGreaterThan(why[1].score)
    await expectQueued(s, 'experience')
  })
})

