import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { afterSalesTicket, files, multipart, setupType, startTickets, type TicketsTestPlatform } from './test-helper.js'

describeDatabases('tenant isolation of the tickets API', (kind) => {
  let p: TicketsTestPlatform
  let a: TestTenant
  let b: TestTenant
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    p = await startTickets(kind)
    a = await p.tenant()
    b = await p.tenant()
    const { templateId, typeId } = await setupType(a)
    await setupType(b)
    Object.assign(ids, { templateId, typeId })
    const t1 = (await a.api('POST', '/api/tickets', afterSalesTicket({ title: '甲租户的秘密工单' }))).body
    const t2 = (await a.api('POST', '/api/tickets', afterSalesTicket())).body
    const m = multipart([{ name: 'file', filename: 'a.png', content: files.png() }])
    const file = (await a.api('POST', `/api/tickets/${t1.id}/attachments`, m.payload, { headers: { ...m.headers, authorization: `Bearer ${a.token}` } })).body[0]
    const linkRes = (await a.api('POST', `/api/tickets/${t1.id}/links`, { kind: 'related', ticketId: t2.id })).body
    const status = (await a.api('GET', '/api/ticket-statuses')).body[0]
    const asset = (await a.api('POST', '/api/assets', { serial: 'A-ONLY-1', customerId: t1.customerId })).body
    Object.assign(ids, { ticket: t1.id, ticket2: t2.id, file: file.id, link: linkRes.id, status: status.id, customer: t1.customerId, asset: asset.id, number: t1.number })
  })
  afterAll(() => p?.close())

  it('every route answers 404 to tenant B for tenant A\'s ids', async () => {
    const t = ids.ticket
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/api/tickets/${t}`],
      ['PATCH', `/api/tickets/${t}`, { expectedVersion: 1, priority: 'high' }],
      ['POST', `/api/tickets/${t}/assign`, { team: 'x' }],
      ['POST', `/api/tickets/${t}/status`, { status: 'open' }],
      ['POST', `/api/tickets/${t}/merge`, { intoId: ids.ticket2 }],
      ['GET', `/api/tickets/${t}/timeline`],
      ['GET', `/api/tickets/${t}/comments`],
      ['POST', `/api/tickets/${t}/comments`, { body: 'x', visibility: 'public' }],
      ['GET', `/api/tickets/${t}/attachments`],
      ['GET', `/api/tickets/${t}/links`],
      ['POST', `/api/tickets/${t}/links`, { kind: 'related', ticketId: ids.ticket2 }],
      ['DELETE', `/api/tickets/${t}/links/${ids.link}`],
      ['GET', `/api/ticket-templates/${ids.templateId}`],
      ['PATCH', `/api/ticket-templates/${ids.templateId}`, { archived: true }],
      ['GET', `/api/ticket-templates/${ids.templateId}/versions`],
      ['GET', `/api/ticket-templates/${ids.templateId}/versions/1`],
      ['POST', `/api/ticket-templates/${ids.templateId}/versions`, { schema: { fields: [] } }],
      ['POST', `/api/ticket-templates/${ids.templateId}/revert`, { version: 1 }],
      ['GET', `/api/ticket-types/${ids.typeId}`],
      ['PATCH', `/api/ticket-types/${ids.typeId}`, { active: false }],
      ['PATCH', `/api/ticket-statuses/${ids.status}`, { position: 1 }],
      ['GET', `/api/ticket-regions/${a.id}`],
      ['PUT', `/api/ticket-regions/${a.id}`, { regions: ['华东'] }],
      ['GET', `/api/attachments/${ids.file}`],
      ['GET', `/api/attachments/${ids.file}/content`],
    ]
    for (const [method, url, body] of routes) {
      const res = await b.api(method, url, body)
      expect(res.status, `${method} ${url}`).toBe(404)
    }
    // A's ids are still there for A.
    expect((await a.api('GET', `/api/tickets/${t}`)).body.version).toBe(1)
    expect((await a.api('GET', `/api/tickets/${t}/links`)).body).toHaveLength(1)
  })

  it('tenant A\'s ids in tenant B\'s request bodies are refused like unknown ids', async () => {
    const mine = (await b.api('POST', '/api/tickets', afterSalesTicket())).body
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/api/tickets', afterSalesTicket({ customerId: ids.customer }), '/customerId'],
      ['POST', '/api/tickets', afterSalesTicket({ assetId: ids.asset }), '/assetId'],
      ['POST', '/api/tickets', afterSalesTicket({ attachmentIds: [ids.file] }), '/attachmentIds/0'],
      ['POST', `/api/tickets/${mine.id}/merge`, { intoId: ids.ticket }, '/intoId'],
      ['POST', `/api/tickets/${mine.id}/links`, { kind: 'related', ticketId: ids.ticket }, '/ticketId'],
      ['POST', `/api/tickets/${mine.id}/assign`, { assigneeId: a.id }, '/assigneeId'],
      ['POST', '/api/ticket-types', { key: 'x', name: { 'zh-CN': 'x', 'en-US': 'x' }, templateId: ids.templateId }, '/templateId'],
    ]
    for (const [method, url, body, field] of cases) {
      const res = await b.api(method, url, body)
      expect(res.status, `${method} ${url}`).toBe(400)
      expect(res.body.details[0].field, `${method} ${url}`).toBe(field)
    }
  })

  it('lists and search never show another tenant\'s tickets', async () => {
    const all = (await b.api('GET', '/api/tickets?limit=200')).body.items.map((t: { id: string }) => t.id)
    expect(all).not.toContain(ids.ticket)
    expect((await b.api('GET', `/api/tickets?q=${encodeURIComponent('秘密工单')}`)).body.items).toEqual([])
    // Numbers restart per tenant: B has its own GD-…-0001, never A's.
    expect((await b.api('GET', `/api/tickets?q=${ids.number}`)).body.items.map((t: { id: string }) => t.id)).not.toContain(ids.ticket)
    expect((await b.api('GET', `/api/tickets?customer=${ids.customer}`)).body.items).toEqual([])
    expect((await b.api('GET', '/api/ticket-templates')).body.map((t: { id: string }) => t.id)).not.toContain(ids.templateId)
  })
})
