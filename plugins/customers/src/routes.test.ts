import type { TestTenant, TestUser } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startCustomersPlatform } from './test-platform.test-helper.js'

describeDatabases('customers API', (kind) => {
  let p: Awaited<ReturnType<typeof startCustomersPlatform>>
  let a: TestTenant
  let agent: TestUser

  beforeAll(async () => {
    p = await startCustomersPlatform(kind)
    a = await p.tenant()
    agent = await a.user('agent')
  })
  afterAll(() => p?.close())

  const create = async (body: object, who: TestUser = a) => {
    const res = await who.api('POST', '/api/customers', body)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body
  }

  it('creates a customer with normalized identities and returns its card', async () => {
    const card = await create({ name: '陈先生', phone: '+86-138-1111-2222', email: ' Chen@Example.COM', tags: ['老客户'], tier: 'VIP', region: '华东' })
    expect(card.customer).toMatchObject({ name: '陈先生', kind: 'person', tier: 'VIP', tags: ['老客户'], region: '华东', mergedIntoId: null })
    expect(card.identities.map((i: any) => [i.kind, i.value])).toEqual([['email', 'chen@example.com'], ['phone', '+8613811112222']])
    expect(card).toMatchObject({ contacts: [], opportunities: [], assets: [], sections: {} })
    const got = await a.api('GET', `/api/customers/${card.customer.id}`)
    expect(got.status).toBe(200)
    expect(got.body.customer.id).toBe(card.customer.id)
  })

  it('a company\'s name is an identity: a second company with the same name is a 409 naming /name', async () => {
    await create({ kind: 'company', name: '杭州 某某 电器有限公司' })
    const dup = await a.api('POST', '/api/customers', { kind: 'company', name: '杭州某某电器有限公司' })
    expect(dup.status).toBe(409)
    expect(dup.body.details[0].field).toBe('/name')
    const dupPhone = await a.api('POST', '/api/customers', { name: 'x', phone: '138 1111 2222' })
    expect(dupPhone.status).toBe(409)
    expect(dupPhone.body.details[0]).toMatchObject({ field: '/phone', customerId: expect.any(String) })
  })

  it('searches by name, phone in any format or digits, email, tag, tier, and free text', async () => {
    const c = await create({ name: '搜索测试王五', phone: '13922223333', email: 'wangwu@corp.cn', tags: ['渠道A', '华南'], tier: 'SVIP' })
    const id = c.customer.id
    const find = async (qs: string) => {
      const res = await a.api('GET', `/api/customers?${qs}`)
      expect(res.status, `${qs}: ${JSON.stringify(res.body)}`).toBe(200)
      return res.body.items.map((i: any) => i.id)
    }
    for (const qs of [
      `name=${encodeURIComponent('王五')}`, `phone=${encodeURIComponent('+86 139-2222-3333')}`, 'phone=0086%2013922223333', 'phone=3333',
      'email=WANGWU@corp.cn', 'email=wangwu', `tag=${encodeURIComponent('渠道A')}`, 'tier=SVIP', `q=${encodeURIComponent('搜索测试')}`,
      'q=139%202222%203333', 'q=wangwu%40corp.cn',
    ]) expect(await find(qs), qs).toContain(id)
    expect(await find(`tag=${encodeURIComponent('渠道B')}`)).not.toContain(id)
    expect(await find('phone=13922223334')).not.toContain(id)
    const company = await create({ kind: 'company', name: '宁波某某塑料有限公司' })
    expect(await find(`q=${encodeURIComponent('某某塑料')}`)).toContain(company.customer.id)
    const page = await a.api('GET', '/api/customers?limit=1&offset=0')
    expect(page.body.items).toHaveLength(1)
    expect(page.body.total).toBeGreaterThan(1)
  })

  it('masks phones in lists and cards for non-admins', async () => {
    const c = await create({ name: '隐私', phone: '13855556666' })
    const asAdmin = await a.api('GET', '/api/customers?phone=13855556666')
    expect(asAdmin.body.items[0].phones).toEqual(['138 5555 6666'])
    const asAgent = await agent.api('GET', '/api/customers?phone=13855556666')
    expect(asAgent.body.items[0].phones).toEqual(['138****6666'])
    expect(JSON.stringify(asAgent.body)).not.toContain('55556666')
    const card = await agent.api('GET', `/api/customers/${c.customer.id}`)
    expect(card.body.identities[0]).toMatchObject({ kind: 'phone', value: '138****6666', display: '138****6666' })
    expect(c.identities[0].value).toBe('+8613855556666') // the admin who created it
  })

  it('patches fields; admins delete; agents cannot merge or delete', async () => {
    const c = await create({ name: '改名前' })
    const res = await agent.api('PATCH', `/api/customers/${c.customer.id}`, { name: '改名后', tags: ['a', 'b'], tier: null })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ name: '改名后', tags: ['a', 'b'], tier: null })
    expect((await agent.api('DELETE', `/api/customers/${c.customer.id}`)).status).toBe(403)
    expect((await agent.api('POST', `/api/customers/${c.customer.id}/merge`, { intoId: c.customer.id })).status).toBe(403)
    expect((await a.api('DELETE', `/api/customers/${c.customer.id}`)).status).toBe(204)
    expect((await a.api('GET', `/api/customers/${c.customer.id}`)).status).toBe(404)
    expect((await a.api('DELETE', `/api/customers/${c.customer.id}`)).status).toBe(404)
  })

  it('adds and removes identities and contacts', async () => {
    const c = await create({ name: '身份' })
    const id = c.customer.id
    const added = await a.api('POST', `/api/customers/${id}/identities`, { kind: 'phone', value: '(021) 6543-2109' })
    expect(added.status).toBe(201)
    expect(added.body).toMatchObject({ kind: 'phone', value: '+862165432109', display: '021-65432109' })
    expect((await a.api('POST', `/api/customers/${id}/identities`, { kind: 'phone', value: '021-65432109' })).status).toBe(201) // already hers: idempotent
    const other = await create({ name: '别人' })
    const taken = await a.api('POST', `/api/customers/${other.customer.id}/identities`, { kind: 'phone', value: '02165432109' })
    expect(taken.status).toBe(409)
    expect(taken.body.details[0]).toMatchObject({ field: '/value', customerId: id })
    expect((await a.api('DELETE', `/api/customers/${id}/identities/${added.body.id}`)).status).toBe(204)
    expect((await a.api('GET', `/api/customers/${id}/identities`)).body).toEqual([])

    const contact = await a.api('POST', `/api/customers/${id}/contacts`, { name: '采购 刘经理', title: '采购经理', phone: '0755-87654321', email: 'Liu@X.cn' })
    expect(contact.status).toBe(201)
    expect(contact.body).toMatchObject({ phone: '+8675587654321', email: 'liu@x.cn' })
    const patched = await a.api('PATCH', `/api/customers/${id}/contacts/${contact.body.id}`, { title: null })
    expect(patched.body.title).toBeNull()
    expect((await agent.api('GET', `/api/customers/${id}/contacts`)).body[0].phone).toBe('0755****4321')
    expect((await a.api('DELETE', `/api/customers/${id}/contacts/${contact.body.id}`)).status).toBe(204)
  })

  it('manages opportunities through their stages', async () => {
    const c = await create({ name: '商机客户' })
    const stages = await a.api('GET', '/api/opportunities/stages')
    expect(stages.body.map((s: any) => s.label['zh-CN'])).toEqual(['线索', '初步沟通', '需求确认', '报价', '谈判', '赢单', '输单'])
    const o = await agent.api('POST', '/api/opportunities', { customerId: c.customer.id, title: '空调 20 台', amountFen: 12_000_000, expectedCloseDate: '2026-09-30' })
    expect(o.status).toBe(201)
    expect(o.body).toMatchObject({ stage: 'lead', amountFen: 12_000_000, ownerId: agent.id, expectedCloseDate: '2026-09-30', closedAt: null })
    const quoted = await agent.api('PATCH', `/api/opportunities/${o.body.id}`, { stage: 'quoted' })
    expect(quoted.body.stage).toBe('quoted')
    expect(await p.service.openOpportunities(p.scope(a.tenantId), c.customer.id)).toHaveLength(1)
    const won = await agent.api('PATCH', `/api/opportunities/${o.body.id}`, { stage: 'won' })
    expect(won.body.closedAt).not.toBeNull()
    expect(await p.service.openOpportunities(p.scope(a.tenantId), c.customer.id)).toHaveLength(0)
    const list = await a.api('GET', `/api/opportunities?customerId=${c.customer.id}&open=false`)
    expect(list.body.items.map((x: any) => x.id)).toEqual([o.body.id])
    const audit = await p.db.knex('audit_log').where({ tenant_id: a.tenantId, action: 'opportunity.stage' }).orderBy('id')
    expect(audit.map(r => [r.details.from, r.details.to])).toEqual([['lead', 'quoted'], ['quoted', 'won']])
    expect((await agent.api('DELETE', `/api/opportunities/${o.body.id}`)).status).toBe(403)
    expect((await a.api('DELETE', `/api/opportunities/${o.body.id}`)).status).toBe(204)
  })

  it('bad input is a 4xx naming the field; nothing is written', async () => {
    const c = await create({ name: '坏输入' })
    const before = await p.db.knex('customers').where({ tenant_id: a.tenantId }).count({ n: '*' })
    const cases: Array<[string, string, unknown, number, string]> = [
      ['POST', '/api/customers', { name: 'x', phone: '12345' }, 400, '/phone'],
      ['POST', '/api/customers', { name: 'x', email: 'nope' }, 400, '/email'],
      ['POST', '/api/customers', { name: 'x', vip: true }, 400, '/vip'],
      ['POST', '/api/customers', { name: '' }, 400, '/name'],
      ['POST', '/api/customers', { kind: 'alien', name: 'x' }, 400, '/kind'],
      ['POST', '/api/customers', { name: 'x', tags: 'vip' }, 400, '/tags'],
      ['PATCH', `/api/customers/${c.customer.id}`, {}, 400, '/'],
      ['POST', `/api/customers/${c.customer.id}/identities`, { kind: 'fax', value: '1' }, 400, '/kind'],
      ['POST', `/api/customers/${c.customer.id}/identities`, { kind: 'phone', value: '000' }, 400, '/value'],
      ['POST', `/api/customers/${c.customer.id}/contacts`, { name: 'x', phone: 'abc' }, 400, '/phone'],
      ['POST', `/api/customers/${c.customer.id}/merge`, { intoId: 'nope' }, 400, '/intoId'],
      ['POST', '/api/opportunities', { customerId: c.customer.id, title: 't', amountFen: 1.5 }, 400, '/amountFen'],
      ['POST', '/api/opportunities', { customerId: c.customer.id, title: 't', stage: 'maybe' }, 400, '/stage'],
      ['POST', '/api/opportunities', { customerId: c.customer.id, title: 't', amountFen: -1 }, 400, '/amountFen'],
      ['POST', '/api/opportunities', { customerId: '00000000-0000-4000-8000-000000000000', title: 't' }, 404, '/customerId'],
      ['POST', '/api/assets', { serial: 'S1', installDate: '2024-13-45' }, 400, '/installDate'],
      ['POST', '/api/assets', { serial: '' }, 400, '/serial'],
      ['GET', '/api/customers?phone=12', undefined, 400, '/phone'],
      ['GET', '/api/customers?limit=0', undefined, 400, '/limit'],
      ['GET', '/api/customers?sort=name', undefined, 400, '/sort'],
    ]
    for (const [method, url, body, status, field] of cases) {
      const res = await a.api(method, url, body)
      expect(res.status, `${method} ${url} ${JSON.stringify(body)} → ${JSON.stringify(res.body)}`).toBe(status)
      expect(res.body).toMatchObject({ error: expect.any(String), message: expect.any(String) })
      expect(res.body.details.map((d: any) => d.field), `${method} ${url}`).toContain(field)
    }
    expect(await p.db.knex('customers').where({ tenant_id: a.tenantId }).count({ n: '*' })).toEqual(before)
  })

  it('portal customers (role customer) cannot use the CRM API', async () => {
    const portalUser = await a.user('customer')
    expect((await portalUser.api('GET', '/api/customers')).status).toBe(403)
    expect((await portalUser.api('GET', '/api/assets')).status).toBe(403)
    expect((await portalUser.api('GET', '/api/opportunities')).status).toBe(403)
  })
})
