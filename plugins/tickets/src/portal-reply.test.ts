import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { counts, setupType, startTickets, type TicketsTestPlatform } from './test-helper.js'

const submission = {
  typeKey: 'after-sales',
  description: '冰箱不制冷',
  fields: { problemType: '售后服务', faultDescription: '冷藏室温度一直在十五度', contactPhone: '13700001111' },
  contact: { name: '王女士', phone: '13700001111' },
}

describeDatabases('customer portal: replies from the tracking page', (kind) => {
  let p: TicketsTestPlatform
  let a: TestTenant
  const portal = (method: string, url: string, payload?: unknown) =>
    p.inject({ method: method as 'GET', url, ...(payload === undefined ? {} : { payload: payload as string }) })
  const submit = async () => {
    const res = await portal('POST', `/api/portal/${a.slug}/tickets`, submission)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const ticket = (await a.api('GET', `/api/tickets?q=${res.body.number}`)).body.items[0]
    return { token: res.body.trackingToken as string, ticket }
  }

  beforeAll(async () => {
    p = await startTickets(kind)
    a = await p.tenant()
    await setupType(a)
  })
  afterAll(() => p?.close())

  it('a reply is a public customer comment: on the tracking page, for staff, and on the timeline', async () => {
    const { token, ticket } = await submit()
    const res = await portal('POST', `/api/portal/track/${token}/comments`, { body: '  周末家里都有人，随时可以上门  ' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const track = (await portal('GET', `/api/portal/track/${token}`)).body
    expect(track.comments).toEqual([expect.objectContaining({ body: '周末家里都有人，随时可以上门', from: 'customer' })])
    expect(track.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'commented'])
    expect(track.eta).toBeNull()
    const staff = (await a.api('GET', `/api/tickets/${ticket.id}/comments`)).body
    expect(staff).toEqual([expect.objectContaining({ id: res.body.id, visibility: 'public', body: '周末家里都有人，随时可以上门' })])
  })

  it('bad replies are 4xx naming the field, wrong tokens 404, closed tickets 409 — and nothing is written', async () => {
    const { token, ticket } = await submit()
    const before = await counts(p, a.tenantId)
    const cases: Array<[string, unknown, number, string | undefined]> = [
      [token, { body: '   ' }, 400, '/body'],
      [token, { body: '' }, 400, '/body'],
      [token, { body: 'x'.repeat(5001) }, 400, '/body'],
      [token, { body: '你好', internal: true }, 400, '/internal'],
      [token, {}, 400, '/body'],
      [`${token}A`, { body: '你好' }, 404, undefined],
      [ticket.id, { body: '你好' }, 404, undefined],
    ]
    for (const [tk, body, status, field] of cases) {
      const res = await portal('POST', `/api/portal/track/${encodeURIComponent(tk)}/comments`, body)
      expect(res.status, JSON.stringify(res.body)).toBe(status)
      if (field) expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field)
    }
    await a.api('POST', `/api/tickets/${ticket.id}/status`, { status: 'closed' })
    const closed = await portal('POST', `/api/portal/track/${token}/comments`, { body: '还没修好' })
    expect(closed.status).toBe(409)
    expect(closed.body.details[0].field).toBe('/body')
    const after = await counts(p, a.tenantId)
    expect(after).toMatchObject({ ...before, ticket_events: after.ticket_events })
    expect((await a.api('GET', `/api/tickets/${ticket.id}/comments`)).body).toEqual([])
  })
})

describeDatabases('customer portal: choosing the ticket type', (kind) => {
  let p: TicketsTestPlatform
  beforeAll(async () => { p = await startTickets(kind) })
  afterAll(() => p?.close())

  it('lists the active types of the tenant only (what a scanned asset QR code offers)', async () => {
    const a = await p.tenant()
    const b = await p.tenant()
    await setupType(a)
    const returns = await setupType(a, 'returns')
    await setupType(b, 'b-only')
    expect((await a.api('PATCH', `/api/ticket-types/${returns.typeId}`, { active: false })).status).toBe(200)
    const res = await p.inject({ method: 'GET', url: `/api/portal/${a.slug}/forms` })
    expect(res.status).toBe(200)
    expect(res.body.types).toEqual([{ key: 'after-sales', name: expect.objectContaining({ 'zh-CN': '售后服务' }) }])
    expect((await p.inject({ method: 'GET', url: '/api/portal/no-such-tenant/forms' })).status).toBe(404)
  })
})
