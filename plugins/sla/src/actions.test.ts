import type { TestTenant, TestUser } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createPolicy, createTicket, label, setupTenant, type SlaPlatform, slaTimeline, startSlaPlatform } from './platform.test-helper.js'

describeDatabases('sla: escalation actions through the org chart and routing', (kind) => {
  let p: SlaPlatform
  let t: TestTenant
  let agent: TestUser
  let lead: TestUser
  let manager: TestUser

  beforeAll(async () => {
    p = await startSlaPlatform(kind, { plugins: ['org', 'routing'], start: '2025-10-13 10:00' })
    t = await p.tenant()
    agent = (await setupTenant(t)).agent
    lead = await t.user('supervisor')
    manager = await t.user('supervisor')
    // agent → lead → manager (the org plugin's supervisor chain)
    expect((await t.api('PATCH', `/api/org/users/${agent.id}`, { supervisorId: lead.id })).status).toBe(200)
    expect((await t.api('PATCH', `/api/org/users/${lead.id}`, { supervisorId: manager.id })).status).toBe(200)
    const channel = await t.api('POST', '/api/notify/channels', { key: 'all-hands', name: '全员群', notifier: 'log', config: {} })
    expect(channel.status, JSON.stringify(channel.body)).toBe(201)
  })
  afterAll(() => p?.close())

  it('level 1 tells the supervisor, makes them a watcher and raises the priority; level 2 alerts the chain, the group and the watchers, then reassigns', async () => {
    await createPolicy(t, {
      name: '全天候', calendar: null,
      targets: { normal: { resolution: 'PT1H' } },
      escalations: [
        { after: 'PT0S', actions: [{ type: 'notify', to: [{ supervisor: 1 }] }, { type: 'addWatcher', who: { supervisor: 1 } }, { type: 'raisePriority' }] },
        { after: 'PT30M', actions: [{ type: 'notify', to: [{ supervisor: 2 }, { channel: 'all-hands' }, { watchers: true }] }, { type: 'reassign' }] },
      ],
    })
    const ticket = await createTicket(t)
    await t.api('POST', `/api/tickets/${ticket.id}/assign`, { assigneeId: agent.id })

    await p.at('2025-10-13 11:00')
    let view = (await t.api('GET', `/api/tickets/${ticket.id}`)).body
    expect(view).toMatchObject({ priority: 'high', assigneeId: agent.id, slaState: 'breached' })
    const sla = (await t.api('GET', `/api/tickets/${ticket.id}/sla`)).body
    expect(sla.watchers).toEqual([lead.id])
    // The priority change belongs to the SLA run: it does not retarget the running clock.
    expect(sla.targets[0]).toMatchObject({ within: 'PT1H', status: 'breached' })

    await p.at('2025-10-13 11:30')
    view = (await t.api('GET', `/api/tickets/${ticket.id}`)).body
    expect(view.assigneeId).toBe(lead.id)

    const events = (await t.api('GET', `/api/tickets/${ticket.id}/timeline`)).body.events as Array<{ kind: string, data: Record<string, any> }>
    const kinds = events.map(e => e.kind)
    expect(kinds.slice(kinds.indexOf('sla_breached'))).toEqual(['sla_breached', 'updated', 'sla_escalated', 'transferred', 'sla_escalated'])
    const [l1, l2] = (await slaTimeline(t, ticket.id)).filter(e => e.kind === 'sla_escalated')
    expect(l1.data.actions).toMatchObject([
      { type: 'notify', ok: true, detail: { people: [lead.id], urgent: true } },
      { type: 'addWatcher', ok: true, detail: { userId: lead.id } },
      { type: 'raisePriority', ok: true, detail: { from: 'normal', to: 'high' } },
    ])
    expect(l2.data.actions).toMatchObject([
      { type: 'notify', ok: true, detail: { people: [manager.id, lead.id], channels: ['all-hands'] } },
      { type: 'reassign', ok: true, detail: { from: agent.id, to: lead.id, via: 'routing' } },
    ])
    // Through the routing plugin: recorded there as a reassignment with the reason.
    expect(await p.db.knex('routing_assignments').where({ tenant_id: t.tenantId, ticket_id: ticket.id }).select('kind', 'assignee_id', 'previous_assignee_id', 'reason'))
      .toEqual([{ kind: 'reassign', assignee_id: lead.id, previous_assignee_id: agent.id, reason: 'SLA resolution escalation level 2' }])
    expect(events.find(e => e.kind === 'transferred')!.data).toMatchObject({ to: { assigneeId: lead.id }, reason: 'SLA resolution escalation level 2', actorName: 'sla' })
    // People who read the same group robot get one message there that @mentions them all (notify).
    const deliveries = await p.db.knex('notify_deliveries').where({ tenant_id: t.tenantId, event: 'sla.escalated' }).orderBy('created_at').select('user_id', 'channel_id', 'meta', 'subject')
    expect(deliveries).toHaveLength(2)
    expect(deliveries[0]).toMatchObject({ user_id: lead.id })
    expect(deliveries[1]).toMatchObject({ channel_id: expect.any(String), meta: { userIds: [manager.id, lead.id] } })
    expect(deliveries[1].subject).toContain('升级 L2')
  })

  it('an action that cannot be done is recorded and the others still run', async () => {
    const t2 = await p.tenant()
    await setupTenant(t2)
    await createPolicy(t2, {
      name: '全天候', calendar: null,
      targets: { normal: { firstResponse: 'PT10M' } },
      escalations: [{ after: 'PT0S', actions: [{ type: 'reassign', to: { assignee: true } }, { type: 'raisePriority', to: 'urgent' }] }],
    })
    p.clock.set(new Date('2025-10-13T02:00:00Z'))
    const ticket = await createTicket(t2)
    p.clock.set(new Date('2025-10-13T02:10:00Z'))
    await p.workers.timers.drain()
    const entries = await slaTimeline(t2, ticket.id)
    expect(entries.map(label)).toEqual(['sla_started', 'sla_breached:firstResponse', 'sla_escalated:firstResponse:1'])
    expect(entries[2].data.actions).toMatchObject([
      { type: 'reassign', ok: false, detail: { reason: 'the ticket has no assignee' } },
      { type: 'raisePriority', ok: true, detail: { from: 'normal', to: 'urgent' } },
    ])
  })

  it('reassign by the rules goes through routing, leaving the late owner out', async () => {
    const t3 = await p.tenant()
    const { agent: owner } = await setupTenant(t3)
    const other = await t3.user('agent')
    expect((await t3.api('PUT', '/api/routing/settings', { routeOnIntake: false })).status).toBe(200)
    const rule = await t3.api('POST', '/api/routing/rules', { name: '全部坐席', pool: { role: 'agent' }, strategy: 'least-load' })
    expect(rule.status, JSON.stringify(rule.body)).toBe(201)
    await createPolicy(t3, {
      name: '全天候', calendar: null, targets: { normal: { firstResponse: 'PT10M' } },
      escalations: [{ after: 'PT0S', actions: [{ type: 'reassign', to: { rules: true } }] }],
    })
    p.clock.set(new Date('2025-10-13T02:00:00Z'))
    const ticket = await createTicket(t3)
    await t3.api('POST', `/api/tickets/${ticket.id}/assign`, { assigneeId: owner.id })
    p.clock.set(new Date('2025-10-13T02:10:00Z'))
    await p.workers.timers.drain()
    const escalated = (await slaTimeline(t3, ticket.id)).find(e => e.kind === 'sla_escalated')!
    expect(escalated.data.actions).toMatchObject([{ type: 'reassign', ok: true, detail: { from: owner.id, to: other.id, via: 'routing' } }])
    expect((await t3.api('GET', `/api/tickets/${ticket.id}`)).body.assigneeId).toBe(other.id)
    expect(await p.db.knex('routing_assignments').where({ tenant_id: t3.tenantId, ticket_id: ticket.id, kind: 'reassign' }).select('assignee_id', 'reason'))
      .toEqual([{ assignee_id: other.id, reason: 'SLA firstResponse escalation level 1' }])
  })
})
