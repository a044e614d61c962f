import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { afterSalesTicket, counts, setupType, startTickets, type TicketsTestPlatform } from './test-helper.js'

describeDatabases('tickets', (kind) => {
  let p: TicketsTestPlatform
  let a: TestTenant

  beforeAll(async () => {
    p = await startTickets(kind)
    a = await p.tenant()
    await setupType(a)
  })
  afterAll(() => p?.close())

  const create = async (over: Record<string, unknown> = {}) => {
    const res = await a.api('POST', '/api/tickets', afterSalesTicket(over))
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body
  }

  it('numbers tickets per tenant per day and records the channel, customer and normalized fields', async () => {
    const t1 = await create()
    const t2 = await create({ channel: 'phone' })
    expect(t1.number).toMatch(/^GD-\d{8}-\d{4}$/)
    expect(Number(t2.number.slice(-4))).toBe(Number(t1.number.slice(-4)) + 1)
    expect(t1).toMatchObject({ channel: 'api', status: 'new', statusCategory: 'new', priority: 'normal', version: 1 })
    expect(t2.channel).toBe('phone')
    expect(t1.fields).toMatchObject({ contactPhone: '+8613800138000', urgency: 'normal' })
    expect(t1.customerId).toBe(t2.customerId)
  })

  it('bad input is a 400 naming the offending field, and nothing is written', async () => {
    const before = await counts(p, a.tenantId)
    const cases: Array<[Record<string, unknown>, string]> = [
      [afterSalesTicket({ fields: { ...afterSalesTicket().fields, contactPhone: 12345 } }), '/fields/contactPhone'],
      [afterSalesTicket({ fields: { ...afterSalesTicket().fields, bogus: 'x' } }), '/fields/bogus'],
      [afterSalesTicket({ fields: { ...afterSalesTicket().fields, address: ['广东省', '杭州市'] } }), '/fields/address[1]'],
      [afterSalesTicket({ fields: { problemType: '售后服务', contactPhone: '13800138000' } }), '/fields/faultDescription'],
      [{ ...afterSalesTicket(), bogus: 1 }, '/bogus'],
      [afterSalesTicket({ typeKey: 'no-such-type' }), '/typeKey'],
      [afterSalesTicket({ title: 42 }), '/title'],
      [afterSalesTicket({ priority: 'panic' }), '/priority'],
      [afterSalesTicket({ customer: { phone: '12345' } }), '/customer/phone'],
      [afterSalesTicket({ customerId: '00000000-0000-4000-8000-000000000000' }), '/customerId'],
      [afterSalesTicket({ attachmentIds: ['00000000-0000-4000-8000-000000000000'] }), '/attachmentIds/0'],
      [afterSalesTicket({ channel: 'portal' }), '/channel'],
    ]
    for (const [body, field] of cases) {
      const res = await a.api('POST', '/api/tickets', body)
      expect(res.status, field).toBe(400)
      expect(res.body.details.map((d: { field: string }) => d.field), field).toContain(field)
    }
    expect(await counts(p, a.tenantId)).toEqual(before)
  })

  it('updates with optimistic concurrency: a stale version is a 409 carrying the current one', async () => {
    const t = await create()
    const ok = await a.api('PATCH', `/api/tickets/${t.id}`, { expectedVersion: 1, priority: 'urgent', fields: { faultDescription: '外机风扇不转，有焦味' } })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ version: 2, priority: 'urgent', fields: { faultDescription: '外机风扇不转，有焦味', problemType: '售后服务' } })
    const stale = await a.api('PATCH', `/api/tickets/${t.id}`, { expectedVersion: 1, priority: 'low' })
    expect(stale.status).toBe(409)
    expect(stale.body.details.currentVersion).toBe(2)
    expect(stale.body.details.ticket.priority).toBe('urgent')
    // Field edits are re-validated: switching to 产品咨询 hides (and drops) the fault description.
    const consult = await a.api('PATCH', `/api/tickets/${t.id}`, { expectedVersion: 2, fields: { problemType: '产品咨询', model: 'KFR-50LW' } })
    expect(consult.body.fields).not.toHaveProperty('faultDescription')
    expect((await a.api('PATCH', `/api/tickets/${t.id}`, { expectedVersion: 3, fields: { model: 'nope' } })).body.details[0].field).toBe('/fields/model')
    expect((await a.api('PATCH', `/api/tickets/${t.id}`, { priority: 'low' })).body.details.map((d: { field: string }) => d.field)).toContain('/expectedVersion')
    const events = (await a.api('GET', `/api/tickets/${t.id}/timeline`)).body.events
    expect(events.filter((e: { kind: string }) => e.kind === 'updated')[0].data.changes.priority).toEqual({ from: 'normal', to: 'urgent' })
  })

  it('follows the status lifecycle, with reopen and custom statuses', async () => {
    const t = await create()
    const move = (status: string) => a.api('POST', `/api/tickets/${t.id}/status`, { status })
    expect((await move('open')).body.statusCategory).toBe('open')
    const waiting = await a.api('POST', '/api/ticket-statuses', { key: 'waiting_parts', name: { 'zh-CN': '待备件', 'en-US': 'Waiting for parts' }, category: 'pending' })
    expect(waiting.status).toBe(201)
    expect((await move('waiting_parts')).body).toMatchObject({ status: 'waiting_parts', statusCategory: 'pending' })
    expect((await move('new')).status).toBe(409)
    const resolved = await move('resolved')
    expect(resolved.body.resolvedAt).toBeTruthy()
    expect((await move('closed')).body.closedAt).toBeTruthy()
    expect((await move('pending')).status).toBe(409)
    expect((await move('closed')).status).toBe(409)
    const reopened = await move('reopened')
    expect(reopened.body).toMatchObject({ status: 'reopened', statusCategory: 'open', resolvedAt: null, closedAt: null })
    expect((await move('ghost')).body.details[0].field).toBe('/status')
    const kinds = (await a.api('GET', `/api/tickets/${t.id}/timeline`)).body.events.map((e: { kind: string }) => e.kind)
    expect(kinds).toEqual(['created', 'status_changed', 'status_changed', 'status_changed', 'status_changed', 'reopened'])
  })

  it('assigns and transfers to staff, with who and why on the timeline', async () => {
    const t = await create()
    const li = await a.user('agent', 'lisi')
    const wang = await a.user('agent', 'wangwu')
    expect((await a.api('POST', `/api/tickets/${t.id}/assign`, { assigneeId: li.id, team: '空调组' })).body).toMatchObject({ assigneeId: li.id, team: '空调组' })
    expect((await a.api('POST', `/api/tickets/${t.id}/assign`, { assigneeId: wang.id, reason: '李四休假', expectedVersion: 2 })).body.assigneeId).toBe(wang.id)
    expect((await a.api('POST', `/api/tickets/${t.id}/assign`, { assigneeId: a.tenantId })).body.details[0].field).toBe('/assigneeId')
    const events = (await a.api('GET', `/api/tickets/${t.id}/timeline`)).body.events
    expect(events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'assigned', 'transferred'])
    expect(events[2]).toMatchObject({ actor: { kind: 'user', id: a.id }, data: { reason: '李四休假', to: { assigneeId: wang.id } } })
    expect(Date.parse(events[2].at)).toBeGreaterThan(0)
  })

  it('internal and public comments', async () => {
    const t = await create()
    expect((await a.api('POST', `/api/tickets/${t.id}/comments`, { body: '已联系师傅', visibility: 'internal' })).status).toBe(201)
    expect((await a.api('POST', `/api/tickets/${t.id}/comments`, { body: '师傅明天上门', visibility: 'public' })).status).toBe(201)
    expect((await a.api('POST', `/api/tickets/${t.id}/comments`, { body: 'x', visibility: 'secret' })).body.details[0].field).toBe('/visibility')
    const comments = (await a.api('GET', `/api/tickets/${t.id}/comments`)).body
    expect(comments.map((c: { visibility: string }) => c.visibility)).toEqual(['internal', 'public'])
  })

  it('filters by every dimension and searches Chinese substrings of title, description and fields', async () => {
    const agent = await a.user('agent')
    const from = new Date(Date.now() - 1000).toISOString()
    const x = await create({ title: '冰箱异响', description: '夜间压缩机声音大', priority: 'high', fields: { ...afterSalesTicket().fields, faultDescription: '冷藏室结冰严重，门封条变形' }, customer: { phone: '13911112222' } })
    await a.api('POST', `/api/tickets/${x.id}/assign`, { assigneeId: agent.id, team: '冰箱组' })
    const ids = async (query: string) => (await a.api('GET', `/api/tickets?${query}`)).body.items.map((t: { id: string }) => t.id)
    for (const q of ['q=冰箱', 'q=压缩机', `q=${encodeURIComponent('门封条')}`, 'q=结冰', `q=${x.number}`]) expect(await ids(q), q).toEqual([x.id])
    expect(await ids('q=不存在的词')).toEqual([])
    expect(await ids('q=%25')).toEqual([]) // a literal %, not a wildcard
    expect(await ids(`priority=high&assignee=${agent.id}`)).toEqual([x.id])
    expect(await ids(`team=${encodeURIComponent('冰箱组')}&customer=${x.customerId}`)).toEqual([x.id])
    expect(await ids(`type=after-sales&channel=api&status=new&category=new&createdFrom=${encodeURIComponent(from)}&q=${encodeURIComponent('冰箱')}`)).toEqual([x.id])
    expect(await ids(`createdTo=${encodeURIComponent(from)}&q=${encodeURIComponent('冰箱')}`)).toEqual([])
    expect(await ids('sla=breached')).toEqual([])
    expect((await a.api('GET', '/api/tickets?limit=1')).body.items).toHaveLength(1)
    expect((await a.api('GET', '/api/tickets?priority=panic')).status).toBe(400)
    expect((await a.api('GET', '/api/tickets?nope=1')).status).toBe(400)
  })

  it('portal customers (role customer) cannot use the staff API', async () => {
    const customer = await a.user('customer')
    expect((await customer.api('GET', '/api/tickets')).status).toBe(403)
    expect((await customer.api('POST', '/api/tickets', afterSalesTicket())).status).toBe(403)
  })
})
