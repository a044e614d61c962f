import type { FieldDef, TemplateSchema } from '@scrm/forms'
import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { counts, files, multipart, setupType, startTickets, type TicketsTestPlatform } from './test-helper.js'

const label = (zh: string) => ({ 'zh-CN': zh, 'en-US': zh })
const f = (key: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({ key, type, label: label(key), ...extra })

/** One field of every type, so the API path (not only the forms package) sees each of them. */
const everyType: TemplateSchema = {
  fields: [
    f('text', 'text', { maxLength: 20 }), f('textarea', 'textarea'), f('number', 'number', { min: 0 }), f('money', 'money'),
    f('date', 'date'), f('datetime', 'datetime'), f('select', 'select', { options: [{ value: 'a', label: label('甲') }] }),
    f('multiSelect', 'multiSelect', { options: [{ value: 'a', label: label('甲') }, { value: 'b', label: label('乙') }] }),
    f('cascader', 'cascader'), f('phone', 'phone'), f('email', 'email'), f('attachment', 'attachment'),
    f('customerRef', 'customerRef'), f('assetRef', 'assetRef'), f('location', 'location'), f('rating', 'rating'),
  ],
}

describeDatabases('every field type through the API', (kind) => {
  let p: TicketsTestPlatform
  let a: TestTenant
  const valid: Record<string, unknown> = {}

  beforeAll(async () => {
    p = await startTickets(kind)
    a = await p.tenant()
    await setupType(a, 'all-fields', everyType)
    const customer = (await a.api('POST', '/api/customers', { name: '周七', phone: '13511112222' })).body.customer
    const asset = (await a.api('POST', '/api/assets', { serial: 'SN-ALL-1', customerId: customer.id })).body
    const m = multipart([{ name: 'file', filename: 'a.png', content: files.png() }])
    const [upload] = (await a.api('POST', '/api/attachments', m.payload, { headers: { ...m.headers, authorization: `Bearer ${a.token}` } })).body
    Object.assign(valid, {
      text: '  空调  ', textarea: '第一行\n第二行', number: 3.5, money: 12900, date: '2026-11-23', datetime: '2026-11-23T09:30:00+08:00',
      select: 'a', multiSelect: ['b', 'a'], cascader: ['上海市', '上海市', '浦东新区'], phone: '021-6321 8888', email: 'Li@Example.cn',
      attachment: [upload.id], customerRef: customer.id, assetRef: asset.id, location: { lat: 31.2, lng: 121.5, address: '上海' }, rating: 5,
    })
  })
  afterAll(() => p?.close())

  it('accepts a valid value of each type and stores its normalized form', async () => {
    const res = await a.api('POST', '/api/tickets', { typeKey: 'all-fields', title: '全字段', fields: valid })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.fields).toMatchObject({
      text: '空调', datetime: '2026-11-23T01:30:00.000Z', multiSelect: ['b', 'a'], phone: '+862163218888', email: 'li@example.cn', money: 12900,
    })
    expect((await a.api('GET', `/api/tickets/${res.body.id}/attachments`)).body).toHaveLength(1)
  })

  it('rejects a wrong value of each type with a 400 naming that field, writing nothing', async () => {
    const before = await counts(p, a.tenantId)
    const wrong: Record<string, unknown> = {
      text: 42, textarea: ['x'], number: '3', money: 1.5, date: '2026-02-30', datetime: '2026-11-23 09:30', select: 'z', multiSelect: ['a', 'a'],
      cascader: ['上海市', '广州市'], phone: '911', email: 'li@', attachment: ['00000000-0000-4000-8000-000000000000'],
      customerRef: '00000000-0000-4000-8000-000000000000', assetRef: 'SN-ALL-1', location: { lat: 100, lng: 0 }, rating: 6,
    }
    for (const [key, value] of Object.entries(wrong)) {
      const res = await a.api('POST', '/api/tickets', { typeKey: 'all-fields', title: '错误', fields: { ...valid, [key]: value } })
      expect(res.status, key).toBe(400)
      expect(res.body.details[0].field, key).toMatch(new RegExp(`^/fields/${key}`))
    }
    expect(await counts(p, a.tenantId)).toEqual(before)
  })
})
