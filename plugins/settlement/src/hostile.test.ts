import type { TestPlatform, TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createRule, createTicket, setStatus, setupTenant, startSettlementPlatform } from './platform.test-helper.js'

const name = { 'zh-CN': '租户公式', 'en-US': 'Tenant formula' }

describeDatabases('tenant formulas', (kind) => {
  let p: TestPlatform
  let t: TestTenant
  beforeAll(async () => {
    // The operator's default is generous for slow CI; this tenant's own sandbox settings are tighter.
    p = await startSettlementPlatform(kind)
    t = await p.tenant()
    await p.db.knex('tenants').where({ id: t.tenantId }).update({ settings: JSON.stringify({ sandbox: { timeoutMs: 300, memoryMb: 16 } }) })
  }, 120_000)
  afterAll(async () => { await p?.close() })

  const save = (key: string, source: string, inputs: Record<string, unknown> = { type: 'object' }) =>
    t.api('POST', '/api/settlement/formulas', { key, name, inputs, source })
  const evaluate = (id: string, inputs: Record<string, unknown> = {}) => t.api('POST', `/api/settlement/formulas/${id}/evaluate`, { inputs })

  it('is syntax-checked in the sandbox on save: 400 with the diagnostic, nothing stored', async () => {
    const r = await save('broken', 'return (inputs.x *')
    expect(r.status).toBe(400)
    expect(r.body.details[0]).toMatchObject({ field: '/source', message: expect.stringMatching(/Unexpected end of script \(line 1\)/) })
    expect((await t.api('GET', '/api/settlement/formulas/custom.broken')).status).toBe(404)
    const badSchema = await save('schema', 'return 1', { type: 'object', properties: { x: { type: 'decimal' } } })
    expect(badSchema.status).toBe(400)
    expect(badSchema.body.details[0].field).toBe('/inputs/properties/x/type')
    expect((await save('Bad Key', 'return 1')).status).toBe(400)
    const shadow = await save('shadow', 'const roundFen = 1\nreturn roundFen')
    expect(shadow.status).toBe(400)
    expect(shadow.body.details[0].message).toMatch(/roundFen/)
  })

  it('runs in the sandbox with the tenant\'s limits; replacing it bumps the version', async () => {
    const r = await save('per-visit', 'return roundFen(inputs.visits * 2500.5)', { type: 'object', properties: { visits: { type: 'integer', minimum: 0 } }, required: ['visits'] })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body).toMatchObject({ id: 'custom.per-visit', custom: true, version: 1, name })
    expect((await evaluate('custom.per-visit', { visits: 3 })).body).toEqual({ amountFen: 7502 })
    const put = await t.api('PUT', '/api/settlement/formulas/custom.per-visit', { name, inputs: { type: 'object' }, source: 'return 1' })
    expect(put.body).toMatchObject({ version: 2, source: 'return 1' })
  })

  it('an endless loop, a memory bomb and host access fail clearly, and the server keeps serving', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['loop', 'while (true) {}', /timeout/],
      ['bomb', 'const a = []; while (true) a.push(new Array(1e6).fill(1)); return 0', /memory/],
      ['big', 'return new Array(2 ** 30).fill(0).length', /memory|crashed|RangeError/],
      ['host', 'return process.exit(1)', /process is not defined/],
      ['req', 'return require("fs").readFileSync("/etc/passwd").length', /require is not defined/],
      ['nan', 'return 0 / 0', /got null/],
      ['float', 'return 10.5', /whole number/],
      ['huge', `return ${Number.MAX_SAFE_INTEGER} + 2`, /at most 9007199254740991/],
      ['negative', 'return -1', /negative/],
    ]
    for (const [key, source, message] of cases) {
      expect((await save(key, source)).status, key).toBe(201)
      const r = await evaluate(`custom.${key}`)
      expect(r.status, key).toBe(422)
      expect(r.body.message, key).toMatch(message)
      expect((await t.api('GET', '/api/health')).status, key).toBe(200)
    }
    // Still computing, for this tenant and the next.
    expect((await evaluate('labour.hourly', { hours: 1 })).status).toBe(422) // params missing: a clear 422 too
    expect((await t.api('POST', '/api/settlement/formulas/labour.hourly/evaluate', { inputs: { hours: 2 }, params: { rateFen: 100 } })).body).toEqual({ amountFen: 200 })
  }, 120_000)

  it('a hostile formula on resolution is a timeline entry; the ticket is resolved and other rules settle', async () => {
    const ids = await setupTenant(t)
    await createRule(t, { name: '死循环', ticketTypeId: ids.typeId, departmentId: ids.support, formulaId: 'custom.loop' })
    await createRule(t, { name: '工时', ticketTypeId: ids.typeId, departmentId: ids.service, formulaId: 'labour.hourly', params: { rateFen: 6000 }, inputs: { hours: { field: 'hours' } } })
    const ticket = await createTicket(t, { hours: 2 })
    const resolved = await setStatus(t, ticket.id, 'resolved')
    expect(resolved.status).toBe('resolved')
    const events = (await t.api('GET', `/api/tickets/${ticket.id}/timeline`)).body.events
    expect(events.find((e: any) => e.kind === 'settlement_failed').data).toMatchObject({ ruleName: '死循环', code: 'timeout' })
    const lines = await p.db.knex('settlement_lines').where({ tenant_id: t.tenantId, ticket_id: ticket.id })
    expect(lines.map(l => [l.rule_name, Number(l.amount_fen)])).toEqual([['工时', 12000]])
  }, 60_000)
})
