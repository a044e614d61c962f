import type { TestTenant, TestUser } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { afterSalesTicket, setupType, startTickets, type TicketsTestPlatform } from './test-helper.js'

describeDatabases('workbench queues', (kind) => {
  let p: TicketsTestPlatform
  let a: TestTenant
  let b: TestTenant
  let agent: TestUser
  const ids: Record<string, string> = {}

  const create = async (t: TestTenant, title: string) => {
    const res = await t.api('POST', '/api/tickets', afterSalesTicket({ title }))
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body as { id: string, version: number }
  }
  const ok = async (res: Promise<{ status: number, body: unknown }>) => {
    const r = await res
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300)
    return r.body as any
  }

  beforeAll(async () => {
    p = await startTickets(kind)
    a = await p.tenant()
    b = await p.tenant()
    await setupType(a)
    await setupType(b)
    agent = await a.user('agent', 'queue-agent')
    // mine: assigned to the agent; team: team 售后一组 unassigned; risk/late: SLA states; done: resolved (in no queue).
    for (const k of ['mine', 'team', 'risk', 'late', 'done', 'other']) ids[k] = (await create(a, `队列-${k}`)).id
    await ok(a.api('POST', `/api/tickets/${ids.mine}/assign`, { assigneeId: agent.id }))
    await ok(a.api('POST', `/api/tickets/${ids.team}/assign`, { team: '售后一组' }))
    await ok(a.api('POST', `/api/tickets/${ids.other}/assign`, { assigneeId: a.id, team: '安装组' }))
    await ok(a.api('POST', `/api/tickets/${ids.done}/assign`, { assigneeId: agent.id }))
    await ok(a.api('POST', `/api/tickets/${ids.done}/status`, { status: 'resolved' }))
    // The SLA plugin writes sla_state when a warning or a breach fires; set it as it would.
    await p.db.knex('tickets').where({ id: ids.risk }).update({ sla_state: 'at_risk' })
    await p.db.knex('tickets').where({ id: ids.late }).update({ sla_state: 'breached', assignee_id: agent.id })
    // Another tenant's tickets count nowhere here.
    const foreign = await create(b, '别家工单')
    await p.db.knex('tickets').where({ id: foreign.id }).update({ sla_state: 'breached' })
  })
  afterAll(() => p?.close())

  const list = async (user: TestUser, qs: string) => ((await ok(user.api('GET', `/api/tickets?${qs}`))).items as Array<{ id: string }>).map(t => t.id).sort()

  it('counts every queue in one request, relative to the caller and only in their tenant', async () => {
    expect(await ok(agent.api('GET', `/api/tickets/queues?teams=${encodeURIComponent('售后一组')}`))).toEqual({ mine: 2, team: 1, unassigned: 2, at_risk: 1, breached: 1 })
    expect(await ok(agent.api('GET', '/api/tickets/queues'))).toMatchObject({ mine: 2, team: 0 })
    expect(await ok(a.api('GET', `/api/tickets/queues?teams=${encodeURIComponent('售后一组')}&teams=${encodeURIComponent('安装组')}`))).toEqual({ mine: 1, team: 2, unassigned: 2, at_risk: 1, breached: 1 })
    expect(await ok(b.api('GET', '/api/tickets/queues'))).toEqual({ mine: 0, team: 0, unassigned: 1, at_risk: 0, breached: 1 })
  })

  it('each queue lists exactly what its count says (resolved tickets leave the queues)', async () => {
    const team = `teams=${encodeURIComponent('售后一组')}`
    expect(await list(agent, 'queue=mine')).toEqual([ids.mine, ids.late].sort())
    expect(await list(agent, `queue=team&${team}`)).toEqual([ids.team])
    expect(await list(agent, 'queue=team')).toEqual([])
    expect(await list(agent, 'queue=unassigned')).toEqual([ids.team, ids.risk].sort())
    expect(await list(agent, 'queue=at_risk')).toEqual([ids.risk])
    expect(await list(agent, 'queue=breached')).toEqual([ids.late])
    // Queues combine with the other filters and with search.
    expect(await list(agent, `queue=mine&q=${encodeURIComponent('队列-mi')}`)).toEqual([ids.mine])
  })

  it('an unknown queue or a bad teams value is a 400 naming the field', async () => {
    const bad = await agent.api('GET', '/api/tickets?queue=everything')
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('queue')
    const long = await agent.api('GET', `/api/tickets/queues?teams=${'x'.repeat(65)}`)
    expect(long.status).toBe(400)
    expect(JSON.stringify(long.body)).toContain('teams')
  })
})
