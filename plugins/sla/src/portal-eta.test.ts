import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createPolicy, setupTenant, type SlaPlatform, startSlaPlatform } from './platform.test-helper.js'

describeDatabases('sla: the tracking page shows the resolution due time as the ETA', (kind) => {
  let p: SlaPlatform
  let a: TestTenant

  beforeAll(async () => {
    p = await startSlaPlatform(kind)
    a = await p.tenant()
    await setupTenant(a)
  })
  afterAll(() => p?.close())

  it('ETA = the running resolution target; none once resolved', async () => {
    await createPolicy(a, { name: '标准', targets: { normal: { firstResponse: 'PT1H', resolution: 'PT8H' } } })
    const sent = await p.inject({ method: 'POST', url: `/api/portal/${a.slug}/tickets`, payload: { typeKey: 'repair', description: '空调漏水', contact: { phone: '13800001234' } } })
    expect(sent.status, JSON.stringify(sent.body)).toBe(201)
    const track = async () => (await p.inject({ method: 'GET', url: `/api/portal/track/${sent.body.trackingToken}` })).body
    const ticket = (await a.api('GET', `/api/tickets?q=${sent.body.number}`)).body.items[0]
    const sla = (await a.api('GET', `/api/tickets/${ticket.id}/sla`)).body
    const resolution = sla.targets.find((t: { kind: string }) => t.kind === 'resolution')
    expect(resolution.dueAt).toBeTruthy()
    expect((await track()).eta).toBe(resolution.dueAt)
    expect(JSON.stringify(await track())).not.toContain(sla.policy.id)
    expect((await a.api('POST', `/api/tickets/${ticket.id}/status`, { status: 'resolved' })).status).toBe(200)
    expect((await track()).eta).toBeNull()
  })
})
