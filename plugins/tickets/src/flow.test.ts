import type { TestTenant, TestUser } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { afterSalesTicket, setupType, startTickets, type TicketsTestPlatform } from './test-helper.js'

/** 报修 → 派单 (dispatcher) → 上门 (engineer) → end; VIP customers' tickets become urgent on the way in. */
function repairFlow(dispatcher: string, engineer: string) {
  return {
    key: 'repair', version: 1,
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'triage', type: 'setFields', config: { set: { 'ticket.fields.urgency': { if: [{ '==': [{ var: 'customer.tier' }, 'VIP'] }, 'urgent', { var: 'form.urgency' }] } } } },
      { id: 'dispatch', type: 'userTask', config: { title: '派单', assign: { users: [dispatcher] } } },
      { id: 'visit', type: 'userTask', config: { title: '上门维修', assign: { users: [engineer] }, fields: ['faultDescription'] } },
      { id: 'end', type: 'end' },
    ],
    edges: [
      { id: 'e1', from: 'start', to: 'triage' }, { id: 'e2', from: 'triage', to: 'dispatch' },
      { id: 'e3', from: 'dispatch', to: 'visit' }, { id: 'e4', from: 'visit', to: 'end' },
    ],
  }
}

async function publish(t: TestTenant, ir: ReturnType<typeof repairFlow>) {
  const created = await t.api('POST', '/api/flows', { key: ir.key, name: '报修流程', graph: ir })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const res = await t.api('POST', `/api/flows/${created.body.id}/publish`)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
}

async function openTask(user: TestUser) {
  const tasks = (await user.api('GET', '/api/tasks?mine=1')).body
  expect(tasks.length, JSON.stringify(tasks)).toBe(1)
  return tasks[0]
}

describeDatabases('tickets follow their flow', (kind) => {
  let p: TicketsTestPlatform
  let a: TestTenant
  let dispatcher: TestUser
  let engineer: TestUser

  beforeAll(async () => {
    p = await startTickets(kind)
    a = await p.tenant()
    await setupType(a, 'after-sales', undefined, { flowKey: 'repair' })
    dispatcher = await a.user('agent', 'dispatcher')
    engineer = await a.user('agent', 'engineer')
  })
  afterAll(() => p?.close())

  it('a type whose flow is not published yet creates tickets without an instance', async () => {
    const res = await a.api('POST', '/api/tickets', afterSalesTicket())
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ flowInstanceId: null, status: 'new' })
  })

  it('creating a ticket starts the flow; status and assignee follow its tasks; setFields writes ticket fields', async () => {
    await publish(a, repairFlow(dispatcher.id, engineer.id))
    const vip = await a.api('POST', '/api/customers', { name: '钱总', tier: 'VIP', phone: '13812345678' })
    expect(vip.status, JSON.stringify(vip.body)).toBe(201)
    const res = await a.api('POST', '/api/tickets', afterSalesTicket({ customer: { phone: '+86 138 1234 5678' } }))
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const ticket = res.body
    expect(ticket.customerId).toBe(vip.body.customer.id)
    expect(ticket.flowInstanceId).toEqual(expect.any(String))
    // The flow's first task is the dispatcher's: the ticket opened and went to them; VIP made it urgent.
    expect(ticket).toMatchObject({ status: 'open', statusCategory: 'open', assigneeId: dispatcher.id, fields: { urgency: 'urgent' } })

    const dispatch = await openTask(dispatcher)
    expect(dispatch.instanceId).toBe(ticket.flowInstanceId)
    expect((await dispatcher.api('POST', `/api/tasks/${dispatch.id}/complete`, { outcome: 'dispatched' })).status).toBe(200)
    expect((await a.api('GET', `/api/tickets/${ticket.id}`)).body.assigneeId).toBe(engineer.id)

    // The engineer's task form may edit the fault description; an invalid value fails the step, not the data.
    const visit = await openTask(engineer)
    const done = await engineer.api('POST', `/api/tasks/${visit.id}/complete`, { form: { faultDescription: '压缩机电容损坏，已更换' } })
    expect(done.status, JSON.stringify(done.body)).toBe(200)
    const finished = (await a.api('GET', `/api/tickets/${ticket.id}`)).body
    expect(finished).toMatchObject({ statusCategory: 'resolved', fields: { faultDescription: '压缩机电容损坏，已更换' } })
    expect(finished.resolvedAt).toBeTruthy()

    const events = (await a.api('GET', `/api/tickets/${ticket.id}/timeline`)).body.events
    expect(events.map((e: { kind: string, actor: { kind: string } }) => `${e.actor.kind}:${e.kind}`)).toEqual([
      'user:created', 'flow:updated', 'flow:status_changed', 'flow:assigned', 'flow:assigned', 'flow:updated', 'flow:status_changed',
    ])
  })

  it('a ticket whose create fails leaves no instance behind (one transaction)', async () => {
    const before = Number((await p.db.knex('instances').where({ tenant_id: a.tenantId }).count({ n: '*' }))[0].n)
    const bad = await a.api('POST', '/api/tickets', afterSalesTicket({ customer: { phone: 'not-a-phone' } }))
    expect(bad.status).toBe(400)
    expect(Number((await p.db.knex('instances').where({ tenant_id: a.tenantId }).count({ n: '*' }))[0].n)).toBe(before)
  })
})
