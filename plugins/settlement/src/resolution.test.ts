import type { TestPlatform, TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { beijingMonth } from './facts.js'
import { createRule, createTicket, setStatus, setupTenant, startSettlementPlatform } from './platform.test-helper.js'

describeDatabases('settlement on resolution', (kind) => {
  let p: TestPlatform
  let t: TestTenant
  let ids: Awaited<ReturnType<typeof setupTenant>>
  beforeAll(async () => {
    p = await startSettlementPlatform(kind)
    t = await p.tenant()
    ids = await setupTenant(t)
    await createRule(t, {
      name: '服务部工时', ticketTypeId: ids.typeId, departmentId: ids.service, formulaId: 'labour.hourly',
      params: { rateFen: 12000 }, inputs: { hours: { field: 'hours' } },
    })
    await createRule(t, {
      name: '物流部里程', ticketTypeId: ids.typeId, departmentId: ids.logistics, formulaId: 'logistics.distance',
      params: { baseFen: 2000, tiers: [{ perKmFen: 300 }] }, inputs: { km: { field: 'km' } },
      condition: { '>': [{ var: 'ticket.fields.km' }, 0] },
    })
    await createRule(t, {
      name: '技术支持等级', ticketTypeId: ids.typeId, departmentId: ids.support, formulaId: 'support.level',
      params: { fees: { L1: 5000, L2: 15000 } }, inputs: { level: { field: 'level' } },
    })
  }, 120_000)
  afterAll(async () => { await p?.close() })

  const lines = async (ticketId: string) => (await p.db.knex('settlement_lines').where({ tenant_id: t.tenantId, ticket_id: ticketId }).orderBy('rule_name'))
  const timeline = async (ticketId: string) => (await t.api('GET', `/api/tickets/${ticketId}/timeline`)).body.events

  it('writes one line per applicable rule with department, formula, inputs snapshot, amount and period', async () => {
    const ticket = await createTicket(t, { hours: 1.5, km: 12, level: 'L2' })
    const resolved = await setStatus(t, ticket.id, 'resolved')
    const rows = await lines(ticket.id)
    expect(rows.map(r => [r.rule_name, r.department_id, r.formula_id, Number(r.amount_fen)])).toEqual([
      ['技术支持等级', ids.support, 'support.level', 15000],
      ['服务部工时', ids.service, 'labour.hourly', 18000],
      ['物流部里程', ids.logistics, 'logistics.distance', 2000 + 12 * 300],
    ])
    expect(rows[1].inputs).toEqual({ hours: 1.5 })
    expect(rows.every(r => r.period === beijingMonth(new Date(resolved.resolvedAt)))).toBe(true)
    const settled = (await timeline(ticket.id)).filter((e: any) => e.kind === 'settled')
    expect(settled).toHaveLength(1)
    expect(settled[0].data).toMatchObject({ lines: 3, totalFen: 15000 + 18000 + 5600, failures: 0 })
  })

  it('skips a rule whose condition does not hold', async () => {
    const ticket = await createTicket(t, { hours: 1, km: 0, level: 'L1' })
    await setStatus(t, ticket.id, 'resolved')
    expect((await lines(ticket.id)).map(r => r.rule_name)).toEqual(['技术支持等级', '服务部工时'])
  })

  it('reopen clears the lines, re-resolve writes them again once, never twice', async () => {
    const ticket = await createTicket(t, { hours: 2, km: 1, level: 'L1' })
    await setStatus(t, ticket.id, 'resolved')
    expect(await lines(ticket.id)).toHaveLength(3)
    await setStatus(t, ticket.id, 'reopened')
    expect(await lines(ticket.id)).toHaveLength(0)
    await t.api('PATCH', `/api/tickets/${ticket.id}`, { fields: { hours: 3 }, expectedVersion: (await t.api('GET', `/api/tickets/${ticket.id}`)).body.version })
    await setStatus(t, ticket.id, 'resolved')
    await setStatus(t, ticket.id, 'closed')
    const rows = await lines(ticket.id)
    expect(rows).toHaveLength(3)
    expect(Number(rows.find(r => r.formula_id === 'labour.hourly')!.amount_fen)).toBe(36000)
  })

  it('a failing formula is recorded on the timeline and never blocks resolving; the other rules still settle', async () => {
    const ticket = await createTicket(t, { hours: 1, km: 5, level: 'L9' })
    const resolved = await setStatus(t, ticket.id, 'resolved')
    expect(resolved.statusCategory).toBe('resolved')
    expect((await lines(ticket.id)).map(r => r.rule_name)).toEqual(['服务部工时', '物流部里程'])
    const failed = (await timeline(ticket.id)).filter((e: any) => e.kind === 'settlement_failed')
    expect(failed).toHaveLength(1)
    expect(failed[0].data).toMatchObject({ ruleName: '技术支持等级', formulaId: 'support.level', code: 'runtime', message: expect.stringMatching(/no fee for problem level L9/) })
  })

  it('a missing input and a float result fail clearly and store nothing for that rule', async () => {
    const own = await t.api('POST', '/api/settlement/formulas', {
      key: 'third', name: { 'zh-CN': '三分之一', 'en-US': 'One third' }, inputs: { type: 'object', properties: { x: { type: 'integer' } }, required: ['x'] }, source: 'return inputs.x / 3',
    })
    expect(own.status, JSON.stringify(own.body)).toBe(201)
    await createRule(t, { name: '浮点', ticketTypeId: ids.typeId, departmentId: ids.support, formulaId: 'custom.third', inputs: { x: { field: 'purchaseFen' } }, condition: { '==': [{ var: 'facts.priority' }, 'low'] } })
    const a = await createTicket(t, { hours: 1, level: 'L1', purchaseFen: 100 }, 'low')
    await setStatus(t, a.id, 'resolved')
    const b = await createTicket(t, { hours: 1, level: 'L1' }, 'low')
    await setStatus(t, b.id, 'resolved')
    const failures = async (id: string) => (await timeline(id)).filter((e: any) => e.kind === 'settlement_failed').map((e: any) => [e.data.code, e.data.message])
    expect(await failures(a.id)).toEqual([['output', expect.stringMatching(/whole number of fen, got 33\.33/)]])
    expect(await failures(b.id)).toEqual([['inputs', 'inputs/x is required']])
    expect((await lines(a.id)).map(r => r.rule_name)).toEqual(['技术支持等级', '服务部工时'])
  })

  it('a tiered rebate accumulates per customer and period: the lines add up to the rebate of the period total', async () => {
    const u = await p.tenant()
    const own = await setupTenant(u)
    await createRule(u, {
      name: '返利', ticketTypeId: own.typeId, departmentId: own.service, formulaId: 'sales.tiered-rebate', params: { mode: 'whole' },
      inputs: { amountFen: { field: 'purchaseFen' }, previousFen: { periodTotal: 'amountFen' } },
    })
    const WAN = 10000 * 100
    const buy = async (phone: string, fen: number) => {
      const r = await u.api('POST', '/api/tickets', { typeKey: 'visit', title: '采购', description: '季度采购', fields: { purchaseFen: fen }, customer: { name: phone, phone } })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      await setStatus(u, r.body.id, 'resolved')
      const [line] = await p.db.knex('settlement_lines').where({ tenant_id: u.tenantId, ticket_id: r.body.id })
      return { amount: Number(line.amount_fen), inputs: line.inputs }
    }
    const a = await buy('13800138001', 8 * WAN)
    const b = await buy('13800138001', 4 * WAN)
    const other = await buy('13900139002', 4 * WAN)
    const c = await buy('13800138001', 20 * WAN)
    expect([a.amount, b.amount, c.amount]).toEqual([0, 12 * WAN * 0.03, 32 * WAN * 0.05 - 12 * WAN * 0.03])
    expect(c.inputs).toEqual({ amountFen: 20 * WAN, previousFen: 12 * WAN })
    expect(a.amount + b.amount + c.amount).toBe(32 * WAN * 0.05)
    expect(other).toEqual({ amount: 0, inputs: { amountFen: 4 * WAN, previousFen: 0 } })
    const bad = await u.api('POST', '/api/settlement/rules', { name: 'x', ticketTypeId: own.typeId, departmentId: own.service, formulaId: 'sales.tiered-rebate', inputs: { amountFen: { periodTotal: 'amountFen' } } })
    expect(bad.status).toBe(400)
    expect(bad.body.details[0].field).toBe('/inputs/amountFen/periodTotal')
  })

  it('a tenant that switched settlement off gets 404 from its routes and no lines', async () => {
    const u = await p.tenant()
    const own = await setupTenant(u)
    await createRule(u, { name: '工时', ticketTypeId: own.typeId, departmentId: own.service, formulaId: 'labour.hourly', params: { rateFen: 100 }, inputs: { hours: { field: 'hours' } } })
    expect((await u.api('PUT', '/api/plugins/settlement', { enabled: false })).status).toBe(200)
    expect((await u.api('GET', '/api/settlement/rules')).status).toBe(404)
    const r = await u.api('POST', '/api/tickets', { typeKey: 'visit', title: '维修', description: '维修', fields: { hours: 1 } })
    await setStatus(u, r.body.id, 'resolved')
    expect(await p.db.knex('settlement_lines').where({ tenant_id: u.tenantId })).toEqual([])
  })
})
