import { definePlugin } from '@scrm/kernel'
import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { install, type IndustryPlatform, newTicket, ok, openTasks, SETUP_MS, startIndustryPlatform } from './platform.js'

vi.setConfig({ testTimeout: 120_000, hookTimeout: SETUP_MS })

/** Valid up to its settlement rule, whose formula does not exist: the last step but one fails. */
const brokenTemplate = definePlugin({
  name: 'template-broken',
  version: '0.1.0',
  dependsOn: ['industry'],
  enabledByDefault: false,
  setup({ industryTemplates }) {
    industryTemplates.register({
      id: 'broken', industry: 'test', label: { 'zh-CN': '坏模板', 'en-US': 'Broken' },
      bundle: {
        departments: [{ key: 'broken-dept', name: '测试部' }],
        teams: [{ key: 'broken-team', name: '测试组', department: 'broken-dept' }],
        templates: [{ key: 'broken-form', name: { 'zh-CN': '表单', 'en-US': 'Form' }, schema: { fields: [{ key: 'note', type: 'text', label: { 'zh-CN': '备注', 'en-US': 'Note' } }] } }],
        flows: [{ key: 'broken-flow', name: '流程', nodes: [{ id: 's', type: 'start' }, { id: 'work', type: 'userTask', config: { assign: { team: 'broken-team' } } }, { id: 'e', type: 'end' }], edges: [{ id: 'e1', from: 's', to: 'work' }, { id: 'e2', from: 'work', to: 'e' }] }],
        ticketTypes: [{ key: 'broken-type', name: { 'zh-CN': '测试', 'en-US': 'Test' }, template: 'broken-form', flow: 'broken-flow' }],
        slaPolicies: [{ name: '测试时效', condition: { '==': [{ var: 'ticket.typeKey' }, 'broken-type'] }, targets: { normal: { resolution: 'P1D' } } }],
        routingRules: [{ name: '测试派单', pool: { team: 'broken-team' }, strategy: 'round-robin' }],
        settlementRules: [{ name: '坏规则', ticketType: 'broken-type', department: 'broken-dept', formulaId: 'no.such-formula', inputs: {} }],
      },
    })
  },
})

/** Every table the installer writes, counted for one tenant. */
async function footprint(h: IndustryPlatform, tenantId: string) {
  const tables = ['org_departments', 'org_teams', 'ticket_templates', 'ticket_template_versions', 'flows', 'flow_versions', 'ticket_types', 'sla_policies', 'routing_rules', 'routing_dictionaries', 'settlement_rules', 'industry_installs', 'assets']
  const out: Record<string, number> = {}
  for (const table of tables) out[table] = Number((await h.p.db.knex(table).where({ tenant_id: tenantId }).count({ n: '*' }).first())!.n)
  return out
}

describeDatabases('industry template installer', (kind) => {
  let h: IndustryPlatform
  beforeAll(async () => { h = await startIndustryPlatform(kind, [brokenTemplate]) }, SETUP_MS)
  afterAll(() => h?.p.close())

  it('lists the three templates in both languages with what they ship; only admins see or install them', async () => {
    const t = await h.p.tenant()
    const list = await ok(t.api('GET', '/api/industry-templates'))
    const ours = list.filter((x: any) => x.id !== 'broken')
    expect(ours.map((x: any) => [x.id, x.name['en-US'], x.enabled, x.installed]).sort()).toEqual([
      ['appliance-repair', 'Appliance after-sales', false, false],
      ['catering-complaints', 'Restaurant complaints', false, false],
      ['ecommerce-returns', 'E-commerce returns', false, false],
    ])
    expect(ours.find((x: any) => x.id === 'appliance-repair').ships).toMatchObject({ departments: 2, teams: 3, flows: ['appliance-repair-flow'], settlementRules: 4 })
    const agent = await t.user('agent')
    expect((await agent.api('GET', '/api/industry-templates')).status).toBe(403)
    expect((await agent.api('POST', '/api/industry-templates/appliance-repair/install', {})).status).toBe(403)
  })

  it('refuses a template whose plugin is off, an unknown one, and a second install', async () => {
    const t = await h.p.tenant()
    const off = await t.api('POST', '/api/industry-templates/ecommerce-returns/install', {})
    expect(off.status).toBe(409)
    expect(off.body).toMatchObject({ error: 'Conflict', details: { step: 'plugin', plugin: 'template-ecommerce-returns' } })
    expect((await t.api('POST', '/api/industry-templates/nope/install', {})).status).toBe(404)
    await install(t, 'ecommerce-returns')
    const again = await t.api('POST', '/api/industry-templates/ecommerce-returns/install', {})
    expect(again.status).toBe(409)
    expect(again.body.details.step).toBe('record')
    // Two admins at once: one installs, the other is told it is installed; nothing twice.
    const racer = await h.p.tenant()
    await ok(racer.api('PUT', '/api/plugins/template-ecommerce-returns', { enabled: true }))
    const both = await Promise.all([1, 2].map(() => racer.api('POST', '/api/industry-templates/ecommerce-returns/install', {})))
    expect(both.map(r => r.status).sort()).toEqual([201, 409])
    expect((await footprint(h, racer.tenantId)).ticket_types).toBe(2)
    expect((await footprint(h, t.tenantId)).ticket_types).toBe(2)
  })

  it('a failing step rolls everything back and names the step', async () => {
    const t = await h.p.tenant()
    const before = await footprint(h, t.tenantId)
    await ok(t.api('PUT', '/api/plugins/template-broken', { enabled: true }))
    const res = await t.api('POST', '/api/industry-templates/broken/install', {})
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ error: 'Bad Request', details: { step: 'settlementRules' } })
    expect(res.body.message).toMatch(/settlementRules.*formulaId/)
    expect(await footprint(h, t.tenantId)).toEqual(before)

    // A key the tenant already has: refused at the ticket types step, the earlier steps undone.
    const tpl = await ok(t.api('POST', '/api/ticket-templates', { key: 'mine', name: { 'zh-CN': '我的', 'en-US': 'Mine' }, schema: { fields: [{ key: 'a', type: 'text', label: { 'zh-CN': 'a', 'en-US': 'a' } }] } }), 201)
    await ok(t.api('POST', '/api/ticket-types', { key: 'appliance-repair', name: { 'zh-CN': '我的报修', 'en-US': 'My repair' }, templateId: tpl.id }), 201)
    const mid = await footprint(h, t.tenantId)
    await ok(t.api('PUT', '/api/plugins/template-appliance-repair', { enabled: true }))
    const clash = await t.api('POST', '/api/industry-templates/appliance-repair/install', { demo: true })
    expect(clash.status).toBe(409)
    expect(clash.body.details.step).toBe('ticketTypes')
    expect(await footprint(h, t.tenantId)).toEqual(mid)
  })

  it('uninstall: refused while tickets are open, force closes them; history stays, configuration goes', async () => {
    const t = await h.p.tenant()
    const installed = await install(t, 'catering-complaints', { demo: true })
    await t.user('supervisor').then(u => ok(t.api('PATCH', `/api/org/users/${u.id}`, { teams: ['catering-supervisors'] })))
    const ticket = await newTicket(t, {
      typeKey: 'catering-complaint', title: '服务态度差', customer: { name: '张女士', phone: '13700137000' },
      fields: { storeRegion: ['上海市', '上海市', '静安区'], store: '徐家汇店', complaintType: '服务', severity: '低', description: '服务员态度很差', contactPhone: '13700137000' },
    })
    expect(await openTasks(t, ticket.id)).toHaveLength(1)

    const refused = await t.api('DELETE', '/api/industry-templates/catering-complaints')
    expect(refused.status).toBe(409)
    expect(refused.body.details).toEqual({ openTickets: 2 }) // the demo complaint and this one

    const removed = await ok(t.api('DELETE', '/api/industry-templates/catering-complaints?force=true'))
    expect(removed.closedTickets).toBe(2)
    expect(removed.removed).toMatchObject({ slaPolicies: 1, routingRules: 2, dictionaries: 1, settlementRules: 1, teams: 4, departments: 3 })
    // The ticket, its type (now inactive), form and flow stay: history points at them.
    expect(removed.kept).toEqual({ ticketTypes: installed.manifest.ticketTypes, templates: installed.manifest.templates, flows: installed.manifest.flows, customers: installed.manifest.customers, tickets: installed.manifest.tickets })
    const closed = await ok(t.api('GET', `/api/tickets/${ticket.id}`))
    expect(closed.status).toBe('closed')
    expect(await openTasks(t, ticket.id)).toEqual([])
    expect((await ok(t.api('GET', '/api/ticket-types'))).find((x: any) => x.key === 'catering-complaint').active).toBe(false)
    expect(await footprint(h, t.tenantId)).toMatchObject({ sla_policies: 0, routing_rules: 0, settlement_rules: 0, org_teams: 0, org_departments: 0, industry_installs: 0 })
    expect((await t.api('DELETE', '/api/industry-templates/catering-complaints')).status).toBe(404)
  })

  it('demo data: a demo ticket makes uninstall need force; demo customers and devices without tickets go', async () => {
    const t = await h.p.tenant()
    const installed = await install(t, 'appliance-repair', { demo: true })
    expect(installed.manifest).toMatchObject({ customers: [expect.any(String), expect.any(String)], assets: [expect.any(String), expect.any(String)], tickets: [expect.any(String)] })
    const demo = await ok(t.api('GET', `/api/tickets/${installed.manifest.tickets[0]}`))
    expect(demo).toMatchObject({ channel: 'demo', typeKey: 'appliance-repair', customerId: installed.manifest.customers[0], assetId: installed.manifest.assets[0] })
    expect(demo.flowInstanceId).toBeTruthy()

    expect((await t.api('DELETE', '/api/industry-templates/appliance-repair')).body.details).toEqual({ openTickets: 1 })
    const removed = await ok(t.api('DELETE', '/api/industry-templates/appliance-repair?force=true'))
    expect(removed).toMatchObject({ closedTickets: 1, removed: { customers: 1, assets: 1, ticketTypes: 2, flows: 0 } })
    expect(removed.kept).toEqual({
      ticketTypes: [installed.manifest.ticketTypes[0]], templates: installed.manifest.templates, flows: installed.manifest.flows,
      customers: [installed.manifest.customers[0]], assets: [installed.manifest.assets[0]], tickets: installed.manifest.tickets,
    })
  })

  it('an unused installation is removed completely and can come back', async () => {
    const t = await h.p.tenant()
    const before = await footprint(h, t.tenantId)
    await install(t, 'ecommerce-returns')
    const removed = await ok(t.api('DELETE', '/api/industry-templates/ecommerce-returns'))
    expect(removed).toMatchObject({ closedTickets: 0, kept: {}, removed: { ticketTypes: 2, templates: 1, flows: 1, departments: 3, teams: 3, settlementRules: 2 } })
    expect(await footprint(h, t.tenantId)).toEqual(before)
    // Without a body too (the body is optional).
    expect((await t.api('POST', '/api/industry-templates/ecommerce-returns/install')).status).toBe(201)
  })

  it('tenants are isolated: another tenant sees no installation and cannot remove or read it', async () => {
    const a = await h.p.tenant()
    const b: TestTenant = await h.p.tenant()
    const installed = await install(a, 'ecommerce-returns')
    expect((await ok(b.api('GET', '/api/industry-templates'))).find((x: any) => x.id === 'ecommerce-returns').installed).toBe(false)
    expect((await b.api('GET', '/api/industry-templates/ecommerce-returns')).status).toBe(404)
    expect((await b.api('DELETE', '/api/industry-templates/ecommerce-returns?force=true')).status).toBe(404)
    expect((await footprint(h, b.tenantId)).ticket_types).toBe(0)
    expect((await b.api('GET', `/api/ticket-types/${installed.manifest.ticketTypes[0]}`)).status).toBe(404)
    // b installs the same template independently: same keys, its own rows.
    const mine = await install(b, 'ecommerce-returns')
    expect(mine.manifest.ticketTypes).not.toEqual(installed.manifest.ticketTypes)
    expect((await ok(a.api('GET', '/api/industry-templates/ecommerce-returns'))).manifest).toEqual(installed.manifest)
  })
})
