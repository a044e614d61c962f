import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { bj, createPolicy, createTicket, label, setupTenant, type SlaPlatform, slaTimeline, startSlaPlatform } from './platform.test-helper.js'

describeDatabases('sla: warning and escalation levels at business times', (kind) => {
  let p: SlaPlatform
  let t: TestTenant

  beforeAll(async () => {
    p = await startSlaPlatform(kind, { start: '2025-09-30 15:00' })
    t = await p.tenant()
  })
  afterAll(() => p?.close())

  it('warns, breaches, then escalates twice, in order, across the National Day holiday, a lunch break, a make-up Saturday and a weekend', async () => {
    const { agent } = await setupTenant(t)
    const supervisor = await t.user('supervisor')
    await createPolicy(t, {
      name: '标准时效',
      targets: { normal: { resolution: 'PT4H' } },
      warning: { at: 'PT30M' },
      escalations: [
        { after: 'PT2H30M', actions: [{ type: 'notify', to: [{ supervisor: 1 }] }] },
        { after: 'PT30H', actions: [{ type: 'notify', to: [{ role: 'admin' }] }] },
      ],
    })
    // Tue 30 Sep 15:00: 3 h until 18:00, 1–8 Oct is the holiday, 1 h on Thu 9 Oct → due 10:00.
    const ticket = await createTicket(t)
    expect(ticket.slaState).toBe('ok')
    expect((await t.api('POST', `/api/tickets/${ticket.id}/assign`, { assigneeId: agent.id })).status).toBe(200)
    const sla = (await t.api('GET', `/api/tickets/${ticket.id}/sla`)).body
    expect(sla.targets).toMatchObject([{ kind: 'resolution', status: 'running', dueAt: bj('2025-10-09 10:00').toISOString(), calendar: 'cn-workdays' }])
    expect(sla.next).toEqual({ target: 'resolution', event: 'warning', at: bj('2025-10-09 09:30').toISOString() })

    const expected: Array<[string, string, string]> = [
      ['2025-10-09 09:30', 'sla_warned:resolution', 'at_risk'], // 30 min before the breach
      ['2025-10-09 10:00', 'sla_breached:resolution', 'breached'],
      ['2025-10-09 14:00', 'sla_escalated:resolution:1', 'breached'], // 10:00 + 2 h to noon + 30 min after the lunch break
      // + 30 h: Thu 6.5 h, Fri 7.5 h, the make-up Saturday 7.5 h, Sunday off, Mon 7.5 h, Tue 1 h.
      ['2025-10-14 10:00', 'sla_escalated:resolution:2', 'breached'],
    ]
    let seen = 1 // sla_started
    for (const [when, what, state] of expected) {
      const minuteBefore = new Date(bj(when).getTime() - 60_000)
      p.clock.set(minuteBefore)
      await p.workers.timers.drain()
      expect((await slaTimeline(t, ticket.id)).length, `nothing before ${when}`).toBe(seen)
      await p.at(when)
      const entries = await slaTimeline(t, ticket.id)
      expect(entries.map(label).slice(seen)).toEqual([what])
      expect(entries[seen].data.at).toBe(bj(when).toISOString())
      expect((await t.api('GET', `/api/tickets/${ticket.id}`)).body.slaState).toBe(state)
      seen++
    }

    const entries = await slaTimeline(t, ticket.id)
    expect(entries.map(label)).toEqual(['sla_started', ...expected.map(e => e[1])])
    // Who heard what: the owner the warning, the supervisor level 1, the admins level 2 (urgent).
    const [warned, , l1, l2] = entries.slice(1)
    expect(warned.data.actions[0]).toMatchObject({ type: 'warning', ok: true, detail: { people: [agent.id], urgent: false } })
    expect(l1.data.actions[0]).toMatchObject({ type: 'notify', ok: true, detail: { people: [supervisor.id], urgent: true } })
    expect(l2.data.actions[0]).toMatchObject({ type: 'notify', ok: true, detail: { people: [t.id], urgent: true } })
    const deliveries = await p.db.knex('notify_deliveries').where({ tenant_id: t.tenantId }).orderBy('created_at').select('event', 'user_id', 'urgent', 'status')
    expect(deliveries).toEqual([
      { event: 'sla.warning', user_id: agent.id, urgent: false, status: 'queued' },
      { event: 'sla.escalated', user_id: supervisor.id, urgent: true, status: 'queued' },
      { event: 'sla.escalated', user_id: t.id, urgent: true, status: 'queued' },
    ])
    // Nothing is left to fire, and the list filter sees the state.
    expect((await t.api('GET', `/api/tickets/${ticket.id}/sla`)).body.next).toBeNull()
    expect((await t.api('GET', '/api/tickets?sla=breached')).body.items.map((x: { id: string }) => x.id)).toEqual([ticket.id])
    expect((await t.api('GET', '/api/tickets?sla=ok')).body.items).toEqual([])
  })

  it('quiet hours hold the warning but not the urgent escalation; the timers still fire on time', async () => {
    const t2 = await p.tenant()
    const { agent } = await setupTenant(t2)
    const supervisor = await t2.user('supervisor')
    await createPolicy(t2, {
      name: '全天候', calendar: null,
      targets: { urgent: { firstResponse: 'PT2H' } },
      warning: { at: 'PT30M' },
      escalations: [
        { after: 'PT0S', actions: [{ type: 'notify', to: [{ supervisor: 1 }], urgent: true }] },
        { after: 'PT1H', actions: [{ type: 'notify', to: [{ assignee: true }], urgent: false }] },
      ],
    })
    p.clock.set(bj('2025-10-10 21:00'))
    const ticket = await createTicket(t2, { priority: 'urgent' })
    await t2.api('POST', `/api/tickets/${ticket.id}/assign`, { assigneeId: agent.id })
    await p.at('2025-10-10 22:30') // warning (calendar time: 23:00 − 30 min)
    await p.at('2025-10-10 23:00') // breach + level 1
    await p.at('2025-10-11 00:00') // level 2
    const entries = await slaTimeline(t2, ticket.id)
    expect(entries.map(label)).toEqual(['sla_started', 'sla_warned:firstResponse', 'sla_breached:firstResponse', 'sla_escalated:firstResponse:1', 'sla_escalated:firstResponse:2'])
    expect(entries.map(e => e.data.at)).toEqual(['2025-10-10 21:00', '2025-10-10 22:30', '2025-10-10 23:00', '2025-10-10 23:00', '2025-10-11 00:00'].map(x => bj(x).toISOString()))
    const morning = bj('2025-10-11 08:00').toISOString()
    expect(entries[1].data.actions[0].detail.deliveries).toMatchObject([{ status: 'held', heldUntil: morning }])
    expect(entries[3].data.actions[0].detail).toMatchObject({ people: [supervisor.id], urgent: true, deliveries: [{ status: 'queued', heldUntil: null }] })
    expect(entries[4].data.actions[0].detail.deliveries).toMatchObject([{ status: 'held', heldUntil: morning }])

    // At midnight only the urgent one goes out; the held ones at 08:00.
    await p.drainOutbox()
    const status = async () => Object.fromEntries((await p.db.knex('notify_deliveries').where({ tenant_id: t2.tenantId }).select('urgent', 'event', 'status'))
      .map(d => [`${d.event}${d.urgent ? '!' : ''}`, d.status]))
    expect(await status()).toEqual({ 'sla.warning': 'held', 'sla.escalated!': 'sent', 'sla.escalated': 'held' })
    p.clock.set(bj('2025-10-11 08:00'))
    await p.drainOutbox()
    expect(await status()).toEqual({ 'sla.warning': 'sent', 'sla.escalated!': 'sent', 'sla.escalated': 'sent' })
  })
})
