import type { TestPlatform, TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { setupTenant, startSettlementPlatform } from './platform.test-helper.js'

describeDatabases('settlement rules and formulas API', (kind) => {
  let p: TestPlatform
  let t: TestTenant
  let ids: Awaited<ReturnType<typeof setupTenant>>
  beforeAll(async () => {
    p = await startSettlementPlatform(kind)
    t = await p.tenant()
    ids = await setupTenant(t)
  }, 120_000)
  afterAll(async () => { await p?.close() })

  const rule = (over: Record<string, unknown> = {}) => ({
    name: '工时', ticketTypeId: ids.typeId, departmentId: ids.service, formulaId: 'labour.hourly',
    params: { rateFen: 10000 }, inputs: { hours: { field: 'hours' } }, ...over,
  })
  const rejected = async (method: string, url: string, body: unknown, field: string) => {
    const r = await t.api(method, url, body)
    expect(r.status, JSON.stringify(r.body)).toBe(400)
    expect(r.body.error).toBe('Bad Request')
    expect(JSON.stringify(r.body.details), JSON.stringify(r.body)).toContain(field)
    return r.body
  }

  it('lists the five built-in formulas with their names in both languages', async () => {
    const r = await t.api('GET', '/api/settlement/formulas')
    expect(r.status).toBe(200)
    const byId = Object.fromEntries(r.body.map((f: any) => [f.id, f]))
    expect(Object.keys(byId)).toEqual(expect.arrayContaining(['labour.hourly', 'logistics.distance', 'support.level', 'service.night-urgent', 'sales.tiered-rebate']))
    expect(byId['sales.tiered-rebate'].name).toEqual({ 'zh-CN': '阶梯返利', 'en-US': 'Tiered rebate' })
    expect(byId['labour.hourly'].custom).toBe(false)
  })

  it('creates, reads, replaces and deletes a rule; a stale version is 409', async () => {
    const created = await t.api('POST', '/api/settlement/rules', rule({ condition: { '==': [{ var: 'facts.urgent' }, true] } }))
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body).toMatchObject({ formulaId: 'labour.hourly', departmentId: ids.service, version: 1, active: true })
    const put = await t.api('PUT', `/api/settlement/rules/${created.body.id}`, rule({ name: '工时2', expectedVersion: 1 }))
    expect(put.body).toMatchObject({ name: '工时2', version: 2, condition: null })
    expect((await t.api('PUT', `/api/settlement/rules/${created.body.id}`, rule({ expectedVersion: 1 }))).status).toBe(409)
    expect((await t.api('GET', `/api/settlement/rules?ticketTypeId=${ids.typeId}`)).body.map((r: any) => r.id)).toContain(created.body.id)
    expect((await t.api('DELETE', `/api/settlement/rules/${created.body.id}`)).status).toBe(204)
    expect((await t.api('GET', `/api/settlement/rules/${created.body.id}`)).status).toBe(404)
  })

  it('bad rules are 400 naming the field, and nothing is written', async () => {
    const before = await p.db.knex('settlement_rules').where({ tenant_id: t.tenantId }).count({ n: '*' })
    await rejected('POST', '/api/settlement/rules', rule({ formulaId: 'labour.nope' }), '/formulaId')
    await rejected('POST', '/api/settlement/rules', rule({ formulaId: 'custom.nope' }), '/formulaId')
    await rejected('POST', '/api/settlement/rules', rule({ departmentId: '00000000-0000-4000-8000-000000000000' }), '/departmentId')
    await rejected('POST', '/api/settlement/rules', rule({ ticketTypeId: ids.service }), '/ticketTypeId')
    await rejected('POST', '/api/settlement/rules', rule({ params: {} }), '/params/rateFen')
    await rejected('POST', '/api/settlement/rules', rule({ params: { rateFen: 1.5 } }), '/params/rateFen')
    await rejected('POST', '/api/settlement/rules', rule({ inputs: {} }), '/inputs/hours')
    await rejected('POST', '/api/settlement/rules', rule({ inputs: { hours: { fact: 'moonPhase' } } }), '/inputs/hours/fact')
    await rejected('POST', '/api/settlement/rules', rule({ inputs: { hours: { field: 'hours' }, minutes: { field: 'm' } } }), '/inputs/minutes')
    await rejected('POST', '/api/settlement/rules', rule({ inputs: { hours: { value: -2 } } }), '/inputs/hours/value')
    await rejected('POST', '/api/settlement/rules', rule({ inputs: { hours: { field: 'hours', fact: 'durationHours' } } }), '/inputs/hours')
    await rejected('POST', '/api/settlement/rules', rule({ condition: { '>>': [1, 2] } }), '/condition')
    await rejected('POST', '/api/settlement/rules', rule({ condition: { '==': [{ var: 'vars.x' }, 1] } }), '/condition')
    await rejected('POST', '/api/settlement/rules', rule({ extra: 1 }), 'extra')
    expect(await p.db.knex('settlement_rules').where({ tenant_id: t.tenantId }).count({ n: '*' })).toEqual(before)
  })

  it('another tenant sees none of these rules or formulas: 404 for their ids, 400 for using them', async () => {
    const mine = await t.api('POST', '/api/settlement/rules', rule())
    const own = await t.api('POST', '/api/settlement/formulas', { key: 'flat', name: { 'zh-CN': '固定', 'en-US': 'Flat' }, inputs: { type: 'object' }, source: 'return 100' })
    expect(own.status, JSON.stringify(own.body)).toBe(201)
    const other = await p.tenant()
    const theirs = await setupTenant(other)
    expect((await other.api('GET', `/api/settlement/rules/${mine.body.id}`)).status).toBe(404)
    expect((await other.api('PUT', `/api/settlement/rules/${mine.body.id}`, { ...rule(), ticketTypeId: theirs.typeId, departmentId: theirs.service })).status).toBe(404)
    expect((await other.api('DELETE', `/api/settlement/rules/${mine.body.id}`)).status).toBe(404)
    expect((await other.api('GET', '/api/settlement/rules')).body).toEqual([])
    expect((await other.api('GET', '/api/settlement/formulas/custom.flat')).status).toBe(404)
    expect((await other.api('POST', '/api/settlement/formulas/custom.flat/evaluate', { inputs: {} })).status).toBe(404)
    expect((await other.api('DELETE', '/api/settlement/formulas/custom.flat')).status).toBe(404)
    // Their own ids are fine, ours are not theirs to charge.
    expect((await other.api('POST', '/api/settlement/rules', { ...rule(), ticketTypeId: theirs.typeId, departmentId: ids.service })).status).toBe(400)
    expect((await other.api('POST', '/api/settlement/rules', { ...rule(), ticketTypeId: theirs.typeId, departmentId: theirs.service, formulaId: 'custom.flat', params: {}, inputs: {} })).status).toBe(400)
    // A formula in use cannot be deleted.
    await t.api('POST', '/api/settlement/rules', rule({ formulaId: 'custom.flat', params: {}, inputs: {} }))
    expect((await t.api('DELETE', '/api/settlement/formulas/custom.flat')).status).toBe(409)
  })

  it('only admins write rules and formulas', async () => {
    const agent = await t.user('agent')
    expect((await agent.api('GET', '/api/settlement/rules')).status).toBe(200)
    expect((await agent.api('POST', '/api/settlement/rules', rule())).status).toBe(403)
    expect((await agent.api('POST', '/api/settlement/formulas', { key: 'x', name: { 'zh-CN': 'x', 'en-US': 'x' }, inputs: {}, source: 'return 1' })).status).toBe(403)
  })
})
