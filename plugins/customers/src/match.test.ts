import type { TestTenant } from '@scrm/server/testing'
import type { TenantScope } from '@scrm/store'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { CustomersService } from './service.js'
import { startCustomersPlatform } from './test-platform.test-helper.js'

describeDatabases('customers: intake auto-match', (kind) => {
  let p: Awaited<ReturnType<typeof startCustomersPlatform>>
  let a: TestTenant
  let b: TestTenant
  let svc: CustomersService
  let sa: TenantScope
  let sb: TenantScope

  beforeAll(async () => {
    p = await startCustomersPlatform(kind)
    a = await p.tenant()
    b = await p.tenant()
    svc = p.service
    sa = p.scope(a.tenantId)
    sb = p.scope(b.tenantId)
  })
  afterAll(() => p?.close())

  it('the same phone in different formats from different channels is one customer', async () => {
    const first = await svc.matchOrCreate(sa, { name: '王小明', phone: '138 0013 8000', source: 'portal' })
    expect(first).toMatchObject({ created: true, customer: { name: '王小明', kind: 'person' } })
    for (const phone of ['+86-138-0013-8000', '0086 13800138000', '86 13800138000', '13800138000', '＋８６１３８００１３８０００']) {
      const again = await svc.matchOrCreate(sa, { phone, source: 'chat' })
      expect(again, phone).toMatchObject({ created: false, matchedBy: 'phone', customer: { id: first.customer.id } })
    }
    const ids = await svc.identities(sa, first.customer.id)
    expect(ids).toEqual([expect.objectContaining({ kind: 'phone', value: '+8613800138000', display: '138 0013 8000', source: 'portal' })])
  })

  it('matches landlines in any spelling', async () => {
    const first = await svc.matchOrCreate(sa, { name: '前台', phone: '(0755)8765 4321' })
    expect((await svc.matchOrCreate(sa, { phone: '+86 755 8765 4321' })).customer.id).toBe(first.customer.id)
    expect((await svc.matchOrCreate(sa, { phone: '0755-87654321' })).customer.id).toBe(first.customer.id)
  })

  it('matches by email, WeChat openid and WeCom id, and learns the new identities', async () => {
    const c = await svc.matchOrCreate(sa, { name: '李雷', email: 'Li.Lei@Example.com' })
    const byEmail = await svc.matchOrCreate(sa, { email: ' li.lei@example.COM ', wechatOpenId: 'oLiLei001', phone: '139 0000 1111', source: 'wechat' })
    expect(byEmail).toMatchObject({ created: false, matchedBy: 'email', customer: { id: c.customer.id } })
    const byOpenId = await svc.matchOrCreate(sa, { wechatOpenId: 'oLiLei001' })
    expect(byOpenId).toMatchObject({ created: false, matchedBy: 'wechat_openid', customer: { id: c.customer.id } })
    expect((await svc.matchOrCreate(sa, { phone: '13900001111' })).customer.id).toBe(c.customer.id)
    const kinds = (await svc.identities(sa, c.customer.id)).map(i => i.kind).sort()
    expect(kinds).toEqual(['email', 'phone', 'wechat_openid'])
    // WeCom ids are case-sensitive platform ids.
    const w = await svc.matchOrCreate(sa, { wecomExternalUserId: 'wmAbC123' })
    expect(w.created).toBe(true)
    expect((await svc.matchOrCreate(sa, { wecomExternalUserId: 'wmabc123' })).created).toBe(true)
    expect((await svc.matchOrCreate(sa, { wecomExternalUserId: 'wmAbC123' })).customer.id).toBe(w.customer.id)
  })

  it('matches companies by normalized name; the person becomes a contact', async () => {
    const c = await svc.matchOrCreate(sa, { companyName: '深圳市 某某科技 有限公司', name: '张工', phone: '13700001234', tier: 'VIP' })
    expect(c.customer).toMatchObject({ kind: 'company', name: '深圳市某某科技有限公司', tier: 'VIP' })
    const again = await svc.matchOrCreate(sa, { companyName: '深圳市某某科技有限公司 ' })
    expect(again).toMatchObject({ created: false, matchedBy: 'company_name', customer: { id: c.customer.id } })
    const contacts = await p.db.knex('contacts').where({ tenant_id: a.tenantId, customer_id: c.customer.id })
    expect(contacts).toMatchObject([{ name: '张工', phone: '+8613700001234' }])
    // A different legal form is a different company.
    expect((await svc.matchOrCreate(sa, { companyName: '深圳市某某科技有限责任公司' })).created).toBe(true)
  })

  it('prefers the strongest identity when they point at different customers', async () => {
    const byPhone = await svc.matchOrCreate(sa, { name: 'A', phone: '13600000001' })
    const byOpenId = await svc.matchOrCreate(sa, { name: 'B', wechatOpenId: 'oStrong1' })
    const m = await svc.matchOrCreate(sa, { phone: '13600000001', wechatOpenId: 'oStrong1' })
    expect(m).toMatchObject({ matchedBy: 'wechat_openid', customer: { id: byOpenId.customer.id } })
    // The phone stays with its customer: identities never silently move between customers.
    expect((await svc.identities(sa, byPhone.customer.id)).map(i => i.value)).toEqual(['+8613600000001'])
  })

  it('fills an empty tier from intake but never overwrites one', async () => {
    const c = await svc.matchOrCreate(sa, { name: 'Tiered', phone: '13500000001' })
    expect(c.customer.tier).toBeNull()
    expect((await svc.matchOrCreate(sa, { phone: '13500000001', tier: 'SVIP' })).customer.tier).toBe('SVIP')
    expect((await svc.matchOrCreate(sa, { phone: '13500000001', tier: '普通' })).customer.tier).toBe('SVIP')
  })

  it('names an anonymous customer with a masked phone, replaced once a real name arrives', async () => {
    const anon = await svc.matchOrCreate(sa, { phone: '13500000002', source: 'qr' })
    expect(anon.customer.name).toBe('客户 135****0002')
    const named = await svc.matchOrCreate(sa, { phone: '13500000002', name: '孙七' })
    expect(named.customer).toMatchObject({ id: anon.customer.id, name: '孙七' })
    expect((await svc.matchOrCreate(sa, { phone: '13500000002', name: '别名' })).customer.name).toBe('孙七')
  })

  it('rejects invalid identities with a 400 naming the field, writing nothing', async () => {
    const before = await p.db.knex('customers').where({ tenant_id: a.tenantId }).count({ n: '*' })
    await expect(svc.matchOrCreate(sa, { name: 'x', phone: '12345' })).rejects.toMatchObject({ statusCode: 400, details: [expect.objectContaining({ field: 'phone' })] })
    await expect(svc.matchOrCreate(sa, { email: 'not-an-email' })).rejects.toMatchObject({ statusCode: 400, details: [expect.objectContaining({ field: 'email' })] })
    await expect(svc.matchOrCreate(sa, {})).rejects.toMatchObject({ statusCode: 400 })
    expect(await p.db.knex('customers').where({ tenant_id: a.tenantId }).count({ n: '*' })).toEqual(before)
  })

  it('runs in the caller\'s transaction: a rollback leaves no customer behind', async () => {
    await expect(sa.transaction(async (s) => {
      const r = await svc.matchOrCreate(s, { name: '回滚', phone: '13400000001' })
      expect(r.created).toBe(true)
      expect((await svc.matchOrCreate(s, { phone: '134 0000 0001' })).customer.id).toBe(r.customer.id)
      throw new Error('ticket validation failed')
    })).rejects.toThrow('ticket validation failed')
    expect((await svc.matchOrCreate(sa, { phone: '13400000001' })).created).toBe(true)
  })

  it('keeps tenants apart: the same phone is a different customer per tenant', async () => {
    const inA = await svc.matchOrCreate(sa, { phone: '13300000001' })
    const inB = await svc.matchOrCreate(sb, { phone: '13300000001' })
    expect(inB.created).toBe(true)
    expect(inB.customer.id).not.toBe(inA.customer.id)
    expect(await svc.get(sb, inA.customer.id)).toBeUndefined()
    expect(await svc.identities(sb, inA.customer.id)).toEqual([])
  })

  it('concurrent intakes of one new phone create one customer', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) =>
      sa.transaction(s => svc.matchOrCreate(s, { name: `并发${i}`, phone: '+86 132 0000 0009' }))))
    expect(new Set(results.map(r => r.customer.id)).size).toBe(1)
    expect(results.filter(r => r.created)).toHaveLength(1)
    const rows = await p.db.knex('customers').where({ tenant_id: a.tenantId }).where('name', 'like', '并发%')
    expect(rows).toHaveLength(1)
  })
})
