import type { TestTenant, TestUser } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { install, type IndustryPlatform, linesOf, newTicket, ok, openTasks, pendingTimers, person, SETUP_MS, startIndustryPlatform } from './platform.js'

vi.setConfig({ testTimeout: 120_000, hookTimeout: SETUP_MS })
const beijingMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7)

describeDatabases('industry template 家电售后 (appliance-repair)', (kind) => {
  let h: IndustryPlatform
  beforeAll(async () => { h = await startIndustryPlatform(kind) }, SETUP_MS)
  afterAll(() => h?.p.close())

  /** An empty tenant with the template installed and the people its teams need. */
  async function tenantWithStaff() {
    const t = await h.p.tenant()
    const installed = await install(t, 'appliance-repair', { demo: true })
    const region = await ok(t.api('POST', '/api/org/regions', { code: '上海', name: '上海' }), 201)
    const boss = await person(t, 'supervisor', { teams: ['appliance-supervisors'] })
    const near = await person(t, 'agent', { teams: ['appliance-engineers'], skills: [{ skill: '空调', level: 4 }], regions: [region.id], location: { lat: 31.23, lng: 121.47 }, supervisorId: boss.id })
    const far = await person(t, 'agent', { teams: ['appliance-engineers'], skills: [{ skill: '空调', level: 5 }], regions: [region.id], location: { lat: 31.0, lng: 121.9 }, supervisorId: boss.id })
    const parts = await person(t, 'supervisor', { teams: ['appliance-parts'] })
    return { t, installed, boss, near, far, parts }
  }

  const repair = (extra: Record<string, unknown> = {}) => ({
    typeKey: 'appliance-repair', title: '空调不制冷', region: '上海',
    customer: { name: '王小明', phone: '13800138000' },
    fields: { requestKind: '报修', category: '空调', model: 'KFR-35GW', faultDescription: '开机十分钟后不制冷，显示 E1', contactPhone: '13800138000', address: ['上海市', '上海市', '浦东新区'], location: { lat: 31.22, lng: 121.48 }, ...extra },
  })

  it('installs into an empty tenant: catalogue, types, published flow, policies, rules, demo data', async () => {
    const { t, installed } = await tenantWithStaff()
    expect(installed.manifest.ticketTypes).toHaveLength(3)
    expect(installed.manifest.customers).toHaveLength(2)
    expect(installed.manifest.tickets).toHaveLength(1) // the demo repair, started on its flow
    const catalogue = await ok(t.api('GET', '/api/industry-templates'))
    expect(catalogue.find((c: any) => c.id === 'appliance-repair')).toMatchObject({ installed: true, enabled: true, name: { 'zh-CN': '家电售后' } })
    const types = await ok(t.api('GET', '/api/ticket-types'))
    expect(types.map((x: any) => x.key).sort()).toEqual(['appliance-consult', 'appliance-install', 'appliance-repair'])
    const flows = await ok(t.api('GET', '/api/flows?key=appliance-repair-flow'))
    expect(flows.items[0]).toMatchObject({ key: 'appliance-repair-flow', latestVersion: 1 })
    expect((await ok(t.api('GET', '/api/sla/policies'))).map((x: any) => x.name)).toEqual(['家电售后时效'])
    expect(await ok(t.api('GET', '/api/routing/rules'))).toHaveLength(2)
    expect(await ok(t.api('GET', '/api/settlement/rules'))).toHaveLength(4)
    // A form without a fault description is refused for 报修 (the template's dynamic rule).
    const bad = await t.api('POST', '/api/tickets', repair({ faultDescription: undefined }))
    expect(bad.status).toBe(400)
  })

  it('a repair goes through dispatch, visit, parts approval, completion and CSAT; SLA runs and settlement bills the service department', async () => {
    const { t, near, parts } = await tenantWithStaff()
    const created = await newTicket(t, repair())
    const [visit] = await openTasks(t, created.id)
    // Routing's rule for 空调: nearest engineer of the 上海 team with the skill.
    expect(visit).toMatchObject({ nodeId: 'visit', assigneeId: near.id })
    expect(await pendingTimers(h.p, t.tenantId, created.id)).toEqual(['sla.breach', 'sla.due', 'sla.warning'])
    const sla = await ok(t.api('GET', `/api/tickets/${created.id}/sla`))
    expect(sla.policy ?? sla).toMatchObject({ name: '家电售后时效' })

    await ok((near as TestUser).api('POST', `/api/tasks/${visit.id}/complete`, { outcome: '需备件', form: { partsCostFen: 68000, labourHours: 1.5, distanceKm: 12 } }))
    const [approval] = await openTasks(t, created.id)
    expect(approval).toMatchObject({ nodeId: 'partsApproval', kind: 'approval', assigneeId: parts.id })
    await ok(parts.api('POST', `/api/tasks/${approval.id}/approve`, { comment: '同意更换压缩机' }))

    const ticket = await ok(t.api('GET', `/api/tickets/${created.id}`))
    expect(ticket.status).not.toMatch(/resolved/)
    await ok(t.api('POST', `/api/instances/${ticket.flowInstanceId}/events`, { name: 'customer.csat', payload: { score: 5 } }))
    const done = await ok(t.api('GET', `/api/tickets/${created.id}`))
    expect(done.statusCategory).toBe('resolved')
    expect(done.fields).toMatchObject({ partsCostFen: 68000, labourHours: 1.5, distanceKm: 12 })

    const lines = await linesOf(t, created.id, beijingMonth())
    // 1.5 h at 80 元 = 120 元; 12 km: 20 元 base + 7 km × 2 元 = 34 元.
    expect(lines.map((l: any) => [l.formulaId, l.amountFen, l.departmentName]).sort()).toEqual([
      ['labour.hourly', 12000, '售后服务部'], ['logistics.distance', 3400, '售后服务部'],
    ])
  })

  it('a visit not done within a workday goes to the supervisor', async () => {
    const { t, boss } = await tenantWithStaff()
    const created = await newTicket(t, repair({ category: '冰箱', model: 'BCD-520' }))
    const [visit] = await openTasks(t, created.id)
    expect(visit.nodeId).toBe('visit')
    await h.tick(2 * 24 * 3600_000)
    const [escalated] = await openTasks(t, created.id)
    expect(escalated).toMatchObject({ nodeId: 'escalated', assigneeId: boss.id })
    const cancelled = await ok(t.api('GET', `/api/tasks/${visit.id}`))
    expect(cancelled.status).toBe('cancelled')
  })
})
