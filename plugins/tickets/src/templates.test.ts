import { afterSalesTemplate, type TemplateSchema } from '@scrm/forms'
import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { afterSalesTicket, setupType, startTickets, type TicketsTestPlatform } from './test-helper.js'

const label = (zh: string) => ({ 'zh-CN': zh, 'en-US': zh })

describeDatabases('ticket templates', (kind) => {
  let p: TicketsTestPlatform
  let a: TestTenant
  let templateId: string

  beforeAll(async () => {
    p = await startTickets(kind)
    a = await p.tenant()
    ;({ templateId } = await setupType(a))
  })
  afterAll(() => p?.close())

  it('an old ticket keeps rendering with its own version after the template changes', async () => {
    const v1Ticket = await a.api('POST', '/api/tickets', afterSalesTicket({ fields: { problemType: '产品咨询', model: 'KFR-35GW', contactPhone: '13800138000' } }))
    expect(v1Ticket.status).toBe(201)
    // v2: the model selector goes away and a required spare-part status field arrives (seed: add fields later).
    const v2: TemplateSchema = {
      ...afterSalesTemplate,
      fields: [...afterSalesTemplate.fields.filter(f => f.key !== 'model'), { key: 'sparePartStock', type: 'select', label: label('备件库存'), required: true, options: [{ value: '有货', label: label('有货') }, { value: '缺货', label: label('缺货') }] }],
      rules: afterSalesTemplate.rules!.filter(r => r.id !== 'consult-shows-model'),
    }
    const pub = await a.api('POST', `/api/ticket-templates/${templateId}/versions`, { schema: v2, note: '促销季临时字段', expectedVersion: 1 })
    expect(pub.status, JSON.stringify(pub.body)).toBe(201)
    expect(pub.body.version).toBe(2)

    const old = await a.api('GET', `/api/tickets/${v1Ticket.body.id}`)
    expect(old.body.template.version).toBe(1)
    expect(old.body.template.form.fields.map((f: { key: string }) => f.key)).toContain('model')
    expect(old.body.template.form.fields.map((f: { key: string }) => f.key)).not.toContain('sparePartStock')
    expect(old.body.template.state.model.visible).toBe(true)
    expect(old.body.fields.model).toBe('KFR-35GW')
    // Editing the old ticket still validates against v1: its model may change, v2's field is unknown to it.
    const edit = await a.api('PATCH', `/api/tickets/${v1Ticket.body.id}`, { expectedVersion: 1, fields: { model: 'BCD-520' } })
    expect(edit.status, JSON.stringify(edit.body)).toBe(200)
    const foreign = await a.api('PATCH', `/api/tickets/${v1Ticket.body.id}`, { expectedVersion: 2, fields: { sparePartStock: '有货' } })
    expect(foreign.status).toBe(400)
    expect(foreign.body.details[0]).toMatchObject({ field: '/fields/sparePartStock', code: 'unknown_field' })

    const missing = await a.api('POST', '/api/tickets', afterSalesTicket())
    expect(missing.status).toBe(400)
    expect(missing.body.details.map((d: { field: string }) => d.field)).toEqual(['/fields/sparePartStock'])
    const v2Ticket = await a.api('POST', '/api/tickets', afterSalesTicket({ fields: { ...afterSalesTicket().fields, sparePartStock: '缺货' } }))
    expect(v2Ticket.status).toBe(201)
    expect((await a.api('GET', `/api/tickets/${v2Ticket.body.id}`)).body.template.version).toBe(2)
  })

  it('one click back: reverting publishes an earlier version as the next one', async () => {
    const res = await a.api('POST', `/api/ticket-templates/${templateId}/revert`, { version: 1 })
    expect(res.status).toBe(201)
    expect(res.body.version).toBe(3)
    expect(res.body.schema).toEqual((await a.api('GET', `/api/ticket-templates/${templateId}/versions/1`)).body.schema)
    const versions = await a.api('GET', `/api/ticket-templates/${templateId}/versions`)
    expect(versions.body.map((v: { version: number }) => v.version)).toEqual([3, 2, 1])
    // Publishing on a stale version number is refused with the current one.
    const stale = await a.api('POST', `/api/ticket-templates/${templateId}/versions`, { schema: afterSalesTemplate, expectedVersion: 1 })
    expect(stale.status).toBe(409)
    expect(stale.body.details.currentVersion).toBe(3)
  })

  it('rejects an invalid schema naming the spot, and writes nothing', async () => {
    const before = await a.api('GET', '/api/ticket-templates')
    const dup = await a.api('POST', '/api/ticket-templates', { key: 'bad', name: label('坏模板'), schema: { fields: [
      { key: 'a', type: 'text', label: label('甲') }, { key: 'a', type: 'number', label: label('乙') },
    ] } })
    expect(dup.status).toBe(400)
    expect(dup.body.details[0].field).toBe('/schema/fields[1].key')
    const wrongType = await a.api('POST', '/api/ticket-templates', { key: 'bad', name: label('坏模板'), schema: { fields: [{ key: 'a', type: 'colour', label: label('甲') }] } })
    expect(wrongType.status).toBe(400)
    expect(wrongType.body.details[0].field).toMatch(/^\/schema\/fields\/0\/type/)
    const badRule = await a.api('POST', '/api/ticket-templates', { key: 'bad', name: label('坏模板'), schema: { fields: [{ key: 'a', type: 'text', label: label('甲') }], rules: [{ when: { '==': [{ var: 'a' }, 1] }, then: [{ action: 'show', field: 'ghost' }] }] } })
    expect(badRule.body.details[0].field).toBe('/schema/rules[0].then[0].field')
    expect((await a.api('GET', '/api/ticket-templates')).body).toEqual(before.body)
  })

  describe('edit permissions: HQ all, region managers their region, agents none', () => {
    const withVariant = (region: string, extra: string) => ({
      ...afterSalesTemplate,
      variants: { ...afterSalesTemplate.variants, [region]: { ...afterSalesTemplate.variants?.[region], fields: [...(afterSalesTemplate.variants?.[region]?.fields ?? []), { key: extra, type: 'text', label: label(extra) }] } },
    })
    let id: string
    beforeAll(async () => {
      id = (await a.api('POST', '/api/ticket-templates', { key: 'perm', name: label('权限'), schema: afterSalesTemplate })).body.id
    })

    it('agents only fill in', async () => {
      const agent = await a.user('agent')
      expect((await agent.api('POST', `/api/ticket-templates/${id}/versions`, { schema: afterSalesTemplate })).status).toBe(403)
      expect((await agent.api('POST', '/api/ticket-templates', { key: 'x', name: label('x') })).status).toBe(403)
      expect((await agent.api('GET', `/api/ticket-templates/${id}`)).status).toBe(200)
    })

    it('a region manager edits only the variant of the regions assigned to them', async () => {
      const manager = await a.user('supervisor')
      expect((await manager.api('POST', `/api/ticket-templates/${id}/versions`, { schema: withVariant('华东', 'eastOnly') })).status).toBe(403)
      expect((await manager.api('PUT', `/api/ticket-regions/${manager.id}`, { regions: ['华东'] })).status).toBe(403)
      const assigned = await a.api('PUT', `/api/ticket-regions/${manager.id}`, { regions: ['华东'] })
      expect(assigned.body).toEqual({ userId: manager.id, regions: ['华东'] })
      const own = await manager.api('POST', `/api/ticket-templates/${id}/versions`, { schema: withVariant('华东', 'eastOnly') })
      expect(own.status, JSON.stringify(own.body)).toBe(201)
      const other = await manager.api('POST', `/api/ticket-templates/${id}/versions`, { schema: withVariant('西北', 'westOnly') })
      expect(other.status).toBe(403)
      expect(other.body.message).toContain('西北')
      const base = await manager.api('POST', `/api/ticket-templates/${id}/versions`, { schema: { ...afterSalesTemplate, fields: afterSalesTemplate.fields.slice(1) } })
      expect(base.status).toBe(403)
      // HQ (admin) may change anything.
      expect((await a.api('POST', `/api/ticket-templates/${id}/versions`, { schema: withVariant('西北', 'westOnly') })).status).toBe(201)
    })
  })
})
