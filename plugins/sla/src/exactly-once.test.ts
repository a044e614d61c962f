import { TimerWorker } from '@scrm/runtime'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { bj, createPolicy, createTicket, setupTenant, type SlaPlatform, startSlaPlatform } from './platform.test-helper.js'

describeDatabases('sla: timers fire exactly once', (kind) => {
  let p: SlaPlatform

  beforeAll(async () => {
    p = await startSlaPlatform(kind, { start: '2025-10-13 09:00' })
  })
  afterAll(() => p?.close())

  it('two workers draining at once — even with leases that never protect — act once per event', async () => {
    const t = await p.tenant()
    await setupTenant(t)
    await createPolicy(t, {
      name: '标准', targets: { normal: { firstResponse: 'PT1H', resolution: 'PT2H' } },
      warning: { at: '50%' },
      escalations: [
        { after: 'PT0S', actions: [{ type: 'notify', to: [{ role: 'admin' }] }] },
        { after: 'PT15M', actions: [{ type: 'raisePriority' }] },
      ],
    })
    const ids: string[] = []
    for (let i = 0; i < 12; i++) ids.push((await createTicket(t)).id)

    // A lease already expired when taken: both workers may claim the same rows at the same time.
    const worker = (id: string) => new TimerWorker({
      engine: p.runtime.engine, db: p.db.knex, workerId: id, batchSize: 5, leaseMs: -1_000,
      concurrency: kind.dialect === 'postgres' ? 4 : 1,
    })
    const [w1, w2] = [worker('w1'), worker('w2')]
    // Step through the afternoon so every event of both targets becomes due on the way.
    for (const at of ['09:30', '10:00', '10:15', '11:00', '11:15', '12:00']) {
      p.clock.set(bj(`2025-10-13 ${at}`))
      await Promise.all([w1.drain(), w2.drain(), w1.drain(), w2.drain()])
    }

    // Per ticket and target: one warning, one breach, two levels; one notification per level 1.
    const rows = await p.db.knex('sla_events').where({ tenant_id: t.tenantId }).whereNotNull('event_key')
      .select('ticket_id', 'event_key').count({ n: '*' }).groupBy('ticket_id', 'event_key')
    expect(rows).toHaveLength(12 * 8)
    expect(rows.every(r => Number(r.n) === 1)).toBe(true)
    const timeline = await p.db.knex('ticket_events').where({ tenant_id: t.tenantId }).where('kind', 'like', 'sla_%')
      .select('kind').count({ n: '*' }).groupBy('kind')
    expect(Object.fromEntries(timeline.map(r => [r.kind, Number(r.n)]))).toEqual({ sla_started: 12, sla_warned: 24, sla_breached: 24, sla_escalated: 48 })
    const priorityChanges = await p.db.knex('ticket_events').where({ tenant_id: t.tenantId, kind: 'updated' }).count({ n: '*' })
    expect(Number(priorityChanges[0].n)).toBe(24) // normal → high at 10:15, high → urgent at 11:15
    expect((await p.db.knex('tickets').whereIn('id', ids).distinct('priority')).map(r => r.priority)).toEqual(['urgent'])
    const sent = await p.db.knex('notify_deliveries').where({ tenant_id: t.tenantId, event: 'sla.escalated' }).count({ n: '*' })
    expect(Number(sent[0].n)).toBe(24)
    // Every SLA timer fired at most once, and none is left pending but the nothing-left case.
    const timers = await p.db.knex('timers').where({ tenant_id: t.tenantId, kind: 'sla.due' }).whereNotNull('fired_at').select('id')
    expect(new Set(timers.map(r => r.id)).size).toBe(timers.length)
    expect(await p.db.knex('timers').where({ tenant_id: t.tenantId, kind: 'sla.due' }).whereNull('fired_at').whereNull('cancelled_at').count({ n: '*' })).toEqual([{ n: 0 }])
  })
})
