import type { TestTenant, TestUser } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { install, type IndustryPlatform, linesOf, newTicket, ok, openTasks, pendingTimers, person, SETUP_MS, startIndustryPlatform } from './platform.js'

vi.setConfig({ testTimeout: 120_000, hookTimeout: SETUP_MS })
const beijingMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7)
const DAY = 24 * 3600_000

describeDatabases('industry template 电商退换货 (ecommerce-returns)', (kind) => {
  let h: IndustryPlatform
  beforeAll(async () => { h = await startIndustryPlatform(kind) }, SETUP_MS)
  afterAll(() => h?.p.close())

  async function tenantWithStaff() {
    const t = await h.p.tenant()
    await install(t, 'ecommerce-returns')
    const lead = await person(t, 'supervisor', { teams: ['ecommerce-cs-leads'] })
    const finance = await person(t, 'supervisor', { teams: ['ecommerce-finance'] })
    const keeper = await person(t, 'agent', { teams: ['ecommerce-warehouse'], supervisorId: lead.id })
    return { t, lead, finance, keeper }
  }

  const request = (typeKey: string, amountFen: number) => ({
    typeKey, title: '商品破损申请退货', customer: { name: '陈先生', phone: '13600136000' },
    fields: { orderNo: 'EC202603020001', reason: '质量问题', amountFen, contactPhone: '13600136000' },
  })

  const parcelArrives = async (t: TestTenant, ticketId: string) => {
    const ticket = await ok(t.api('GET', `/api/tickets/${ticketId}`))
    expect(await ok(t.api('POST', `/api/instances/${ticket.flowInstanceId}/events`, { name: 'parcel.received', payload: { trackingNo: 'SF1234567890' } }))).toEqual({ delivered: 1 })
  }
  const completeOnly = async (t: TestTenant, ticketId: string, node: string, who: TestUser, body: Record<string, unknown> = {}) => {
    const tasks = await openTasks(t, ticketId)
    expect(tasks.map(x => x.nodeId)).toEqual([node])
    expect(tasks[0].assigneeId).toBe(who.id)
    await ok(who.api('POST', `/api/tasks/${tasks[0].id}/complete`, body))
  }

  it('a large return needs both approvals, waits for the parcel, is inspected and refunded; a fixed fee is charged', async () => {
    const { t, lead, finance, keeper } = await tenantWithStaff()
    const created = await newTicket(t, request('ecommerce-return', 59_900))
    expect(await pendingTimers(h.p, t.tenantId, created.id)).toEqual(['sla.breach', 'sla.due', 'sla.warning'])
    const [first] = await openTasks(t, created.id)
    expect(first).toMatchObject({ nodeId: 'approval', kind: 'approval', assigneeId: lead.id })
    await ok(lead.api('POST', `/api/tasks/${first.id}/approve`))
    const [second] = await openTasks(t, created.id)
    expect(second).toMatchObject({ nodeId: 'approval', assigneeId: finance.id })
    await ok(finance.api('POST', `/api/tasks/${second.id}/approve`))
    expect(await openTasks(t, created.id)).toEqual([]) // waiting for the parcel
    await parcelArrives(t, created.id)
    await completeOnly(t, created.id, 'inspect', keeper, { outcome: '合格' })
    await completeOnly(t, created.id, 'refund', finance)
    expect((await ok(t.api('GET', `/api/tickets/${created.id}`))).statusCategory).toBe('resolved')
    expect((await linesOf(t, created.id, beijingMonth())).map((l: any) => [l.formulaId, l.amountFen, l.departmentName])).toEqual([['support.level', 800, '仓储部']])
  })

  it('a small exchange is approved at once and ends with the exchange shipped', async () => {
    const { t, keeper } = await tenantWithStaff()
    const created = await newTicket(t, request('ecommerce-exchange', 9_900))
    expect(await openTasks(t, created.id)).toEqual([]) // no approval: straight to the parcel wait
    await parcelArrives(t, created.id)
    await completeOnly(t, created.id, 'inspect', keeper, { outcome: '合格' })
    await completeOnly(t, created.id, 'reship', keeper)
    expect((await ok(t.api('GET', `/api/tickets/${created.id}`))).statusCategory).toBe('resolved')
    expect((await linesOf(t, created.id, beijingMonth())).map((l: any) => l.amountFen)).toEqual([1500])
  })

  it('a rejection closes the request; a parcel that never comes closes it after 7 days', async () => {
    const { t, lead } = await tenantWithStaff()
    const rejected = await newTicket(t, request('ecommerce-return', 80_000))
    const [first] = await openTasks(t, rejected.id)
    await ok(lead.api('POST', `/api/tasks/${first.id}/reject`, { comment: '超过退货期限' }))
    expect((await ok(t.api('GET', `/api/tickets/${rejected.id}`))).status).toBe('closed')

    const lost = await newTicket(t, request('ecommerce-return', 5_000))
    await h.tick(6 * DAY)
    expect((await ok(t.api('GET', `/api/tickets/${lost.id}`))).status).not.toBe('closed')
    await h.tick(2 * DAY)
    expect((await ok(t.api('GET', `/api/tickets/${lost.id}`))).status).toBe('closed')
    expect(await linesOf(t, lost.id, beijingMonth())).toEqual([]) // closed without resolution: nothing billed
  })
})
