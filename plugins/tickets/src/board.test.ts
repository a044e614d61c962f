import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { manualClock } from '@scrm/runtime'
import { startTestPlatform, type TestPlatform, type TestTenant, type TestUser } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { afterSalesTicket, setupType } from './test-helper.js'

const MIN = 60_000

/** start → triage → 派单 (dispatcher) → 上门 (engineer) → end. */
const repairFlow = (dispatcher: string, engineer: string) => ({
  key: 'repair', version: 1,
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'dispatch', type: 'userTask', name: '派单', config: { title: '派单', assign: { users: [dispatcher] } } },
    { id: 'visit', type: 'userTask', name: '上门维修', config: { title: '上门维修', assign: { users: [engineer] } } },
    { id: 'end', type: 'end' },
  ],
  edges: [{ id: 'e1', from: 'start', to: 'dispatch' }, { id: 'e2', from: 'dispatch', to: 'visit' }, { id: 'e3', from: 'visit', to: 'end' }],
})

async function completeMine(user: TestUser) {
  const tasks = (await user.api('GET', '/api/tasks?mine=1')).body
  expect(tasks.length, JSON.stringify(tasks)).toBe(1)
  expect((await user.api('POST', `/api/tasks/${tasks[0].id}/complete`, { outcome: 'done' })).status).toBe(200)
}

describeDatabases('live board aggregates', (kind) => {
  let p: TestPlatform
  let a: TestTenant
  let b: TestTenant
  // The runtime's clock stamps history; it runs three hours behind so node times are whole minutes.
  const clock = manualClock(Date.now() - 180 * MIN)
  const start = clock.now().getTime()

  beforeAll(async () => {
    p = await startTestPlatform(kind, { pluginConfig: { core: { clock }, tickets: { attachmentsDir: mkdtempSync(join(tmpdir(), 'scrm-board-')) } } })
    a = await p.tenant()
    b = await p.tenant()
    await setupType(a, 'after-sales', undefined, { flowKey: 'repair' })
    await a.api('POST', '/api/ticket-types', { key: 'returns', name: { 'zh-CN': '退货', 'en-US': 'Returns' } })
    const dispatcher = await a.user('agent', 'dispatcher')
    const engineer = await a.user('agent', 'engineer')
    const flow = await a.api('POST', '/api/flows', { key: 'repair', name: '报修流程', graph: repairFlow(dispatcher.id, engineer.id) })
    expect((await a.api('POST', `/api/flows/${flow.body.id}/publish`)).status).toBe(201)

    // Ticket 1: 30 min at 派单, 60 min at 上门, then resolved by the flow.
    expect((await a.api('POST', '/api/tickets', afterSalesTicket())).status).toBe(201)
    clock.set(start + 30 * MIN)
    await completeMine(dispatcher)
    clock.set(start + 90 * MIN)
    await completeMine(engineer)
    // Ticket 2 waits at 派单 from 120 min on: about 60 min by now.
    clock.set(start + 120 * MIN)
    const waiting = await a.api('POST', '/api/tickets', afterSalesTicket())
    expect(waiting.status).toBe(201)
    // Two tickets without a flow, one of them for team "north" and overdue. The SLA plugin writes
    // tickets.sla_state (its own tests cover when); here it is set so each colour has a ticket.
    const r1 = await a.api('POST', '/api/tickets', { typeKey: 'returns', title: '退货 1' })
    const r2 = await a.api('POST', '/api/tickets', { typeKey: 'returns', title: '退货 2' })
    expect([r1.status, r2.status]).toEqual([201, 201])
    expect((await a.api('POST', `/api/tickets/${r2.body.id}/assign`, { team: 'north' })).status).toBe(200)
    await p.db.knex('tickets').where({ tenant_id: a.tenantId, id: r1.body.id }).update({ sla_state: 'at_risk' })
    await p.db.knex('tickets').where({ tenant_id: a.tenantId, id: r2.body.id }).update({ sla_state: 'breached' })
    await p.db.knex('tickets').where({ tenant_id: a.tenantId, id: waiting.body.id }).update({ sla_state: 'ok' })
    await b.api('POST', '/api/ticket-types', { key: 'returns', name: { 'zh-CN': '退货', 'en-US': 'Returns' } })
    await b.api('POST', '/api/tickets', { typeKey: 'returns', title: '别的租户' })
  })
  afterAll(() => p?.close())

  const board = async (t: TestTenant, query = '') => {
    const res = await t.api('GET', `/api/ticket-board${query}`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body
  }
  const state = (body: any, key: string) => body.states.find((s: { key: string }) => s.key === key)

  it('counts tickets per status by SLA state', async () => {
    const body = await board(a)
    expect(state(body, 'new')).toMatchObject({ total: 2, sla: { breached: 1, atRisk: 1, ok: 0, none: 0 } })
    expect(state(body, 'open')).toMatchObject({ total: 1, sla: { ok: 1 } })
    expect(state(body, 'resolved')).toMatchObject({ total: 1, sla: { none: 1 } })
    expect(body.states.map((s: { key: string }) => s.key)).toEqual(['new', 'open', 'reopened', 'pending', 'resolved', 'closed'])
    expect(body.filters.types.map((t: { key: string }) => t.key)).toEqual(['after-sales', 'returns'])
    expect(body.filters.teams).toEqual(['north'])
  })

  it('measures time per flow node (average and median) and names the nodes; the slowest comes first', async () => {
    const { nodes } = await board(a)
    const byId = Object.fromEntries(nodes.map((n: { nodeId: string }) => [n.nodeId, n]))
    expect(nodes[0]).toMatchObject({ flowKey: 'repair', nodeId: 'visit', name: '上门维修', type: 'userTask', visits: 1, avgMinutes: 60, medianMinutes: 60 })
    expect(byId.dispatch).toMatchObject({ name: '派单', visits: 2 })
    // (30 + ~60) / 2: the waiting ticket's visit grows with the wall clock of this test.
    expect(byId.dispatch.avgMinutes).toBeGreaterThanOrEqual(45)
    expect(byId.dispatch.avgMinutes).toBeLessThan(47)
    expect(byId.dispatch.medianMinutes).toBe(byId.dispatch.avgMinutes)
    // Start and end are moments, not places where work waits.
    expect(byId.start).toBeUndefined()
    expect(byId.end).toBeUndefined()
  })

  it('counts created and resolved per hour (24 h) or day (7 d), every bucket present', async () => {
    const hourly = await board(a, '?range=24h&tz=Asia/Shanghai')
    expect(hourly.bucket).toBe('hour')
    expect(hourly.throughput.length).toBe(25)
    const sum = (k: 'created' | 'resolved', pts: Array<Record<string, number>>) => pts.reduce((n, x) => n + x[k], 0)
    expect(sum('created', hourly.throughput)).toBe(4)
    expect(sum('resolved', hourly.throughput)).toBe(1)
    const daily = await board(a, '?range=7d&tz=Asia/Shanghai')
    expect(daily.bucket).toBe('day')
    expect(daily.throughput.length).toBe(8)
    // Day buckets start at Beijing midnight.
    expect(new Date(daily.throughput[0].at).getUTCHours()).toBe(16)
    expect(sum('created', daily.throughput)).toBe(4)
  })

  it('filters by ticket type and by team', async () => {
    const returns = await board(a, '?type=returns')
    expect(returns.states.reduce((n: number, s: { total: number }) => n + s.total, 0)).toBe(2)
    expect(returns.nodes).toEqual([])
    const north = await board(a, '?team=north')
    expect(state(north, 'new')).toMatchObject({ total: 1, sla: { breached: 1 } })
    expect(north.throughput.reduce((n: number, x: { created: number }) => n + x.created, 0)).toBe(1)
  })

  it('shows a tenant only its own tickets', async () => {
    const body = await board(b)
    expect(body.states.reduce((n: number, s: { total: number }) => n + s.total, 0)).toBe(1)
    expect(body.nodes).toEqual([])
    expect(body.filters.types.map((t: { key: string }) => t.key)).toEqual(['returns'])
    expect(JSON.stringify(body)).not.toContain('after-sales')
  })

  it('bad filters are 400s naming the parameter; the board needs a staff login', async () => {
    for (const [query, field] of [['?range=1y', '/range'], ['?tz=Mars/Olympus', '/tz'], ['?type=%20', '/type'], ['?colour=red', '/colour']]) {
      const res = await a.api('GET', `/api/ticket-board${query}`)
      expect(res.status, query).toBe(400)
      expect(JSON.stringify(res.body.details), query).toContain(field)
    }
    expect((await p.inject({ method: 'GET', url: '/api/ticket-board' })).status).toBe(401)
  })
})
