import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startCustomersPlatform } from './test-platform.test-helper.js'

describeDatabases('customers: tenant isolation and card sections', (kind) => {
  let p: Awaited<ReturnType<typeof startCustomersPlatform>>
  let a: TestTenant
  let b: TestTenant

  beforeAll(async () => {
    p = await startCustomersPlatform(kind)
    a = await p.tenant()
    b = await p.tenant()
  })
  afterAll(() => p?.close())

  it('tenant A gets 404 for every customer and opportunity route with tenant B ids', async () => {
    const card = (await b.api('POST', '/api/customers', { name: 'B 的客户', phone: '13100001111' })).body
    const cid = card.customer.id
    const identityId = card.identities[0].id
    const contactId = (await b.api('POST', `/api/customers/${cid}/contacts`, { name: '联系人' })).body.id
    const oppId = (await b.api('POST', '/api/opportunities', { customerId: cid, title: 'B 的商机' })).body.id
    const mine = (await a.api('POST', '/api/customers', { name: 'A 的客户' })).body.customer.id

    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/api/customers/${cid}`],
      ['PATCH', `/api/customers/${cid}`, { name: 'hacked' }],
      ['DELETE', `/api/customers/${cid}`],
      ['POST', `/api/customers/${cid}/merge`, { intoId: mine }],
      ['POST', `/api/customers/${mine}/merge`, { intoId: cid }],
      ['GET', `/api/customers/${cid}/identities`],
      ['POST', `/api/customers/${cid}/identities`, { kind: 'email', value: 'x@y.cn' }],
      ['DELETE', `/api/customers/${cid}/identities/${identityId}`],
      ['GET', `/api/customers/${cid}/contacts`],
      ['POST', `/api/customers/${cid}/contacts`, { name: 'x' }],
      ['PATCH', `/api/customers/${cid}/contacts/${contactId}`, { name: 'x' }],
      ['DELETE', `/api/customers/${cid}/contacts/${contactId}`],
      ['GET', `/api/opportunities/${oppId}`],
      ['PATCH', `/api/opportunities/${oppId}`, { stage: 'won' }],
      ['DELETE', `/api/opportunities/${oppId}`],
      ['POST', '/api/opportunities', { customerId: cid, title: 'x' }],
    ]
    for (const [method, url, body] of routes) {
      const res = await a.api(method, url, body)
      expect(res.status, `${method} ${url}`).toBe(404)
      expect(res.body.error).toBe('Not Found')
    }
    // Lists and searches show nothing of B, even by an exact phone.
    expect((await a.api('GET', '/api/customers?phone=13100001111')).body).toEqual({ items: [], total: 0 })
    expect((await a.api('GET', `/api/opportunities?customerId=${cid}`)).body).toEqual({ items: [], total: 0 })
    // And B's data is untouched.
    const after = (await b.api('GET', `/api/customers/${cid}`)).body
    expect(after).toMatchObject({ customer: { name: 'B 的客户', mergedIntoId: null }, identities: [{ id: identityId }], contacts: [{ id: contactId }], opportunities: [{ id: oppId, stage: 'lead' }] })
  })

  it('other plugins add sections to the card; a failing section does not break it', async () => {
    const offTickets = p.service.cardSections.register({
      key: 'tickets',
      load: async (scope, customer, viewer) => ({ tenant: scope.tenantId, customer: customer.id, role: viewer.role, items: [] }),
    })
    const offBroken = p.service.cardSections.register({ key: 'broken', load: async () => { throw new Error('boom') } })
    expect(() => p.service.cardSections.register({ key: 'tickets', load: async () => null })).toThrow(/already registered/)
    try {
      const id = (await a.api('POST', '/api/customers', { name: '卡片' })).body.customer.id
      const res = await a.api('GET', `/api/customers/${id}`)
      expect(res.status).toBe(200)
      expect(res.body.sections).toEqual({ tickets: { tenant: a.tenantId, customer: id, role: 'admin', items: [] }, broken: { error: 'unavailable' } })
    }
    finally {
      offTickets()
      offBroken()
    }
  })

  it('is listed in OpenAPI', async () => {
    const res = await p.inject({ method: 'GET', url: '/docs/json' })
    const paths = Object.keys(res.body.paths)
    for (const path of ['/api/customers/', '/api/customers/{id}', '/api/customers/{id}/merge', '/api/opportunities/', '/api/assets/{id}/qr.png'])
      expect(paths).toContain(path)
  })
})
