import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { afterSalesTicket, counts, setupType, startTickets, type TicketsTestPlatform } from './test-helper.js'

const transcript = [
  { sender: 'customer', name: '王女士', text: '你好，我家净水器漏水了', at: '2026-11-23T09:30:00+08:00' },
  { sender: 'agent', name: '小李', text: '您好，请问型号是多少？', at: '2026-11-23T09:31:00+08:00' },
  { sender: 'customer', text: 'RO-600，厨房地上都是水', at: '2026-11-23T09:32:30+08:00' },
]

describeDatabases('intake channels', (kind) => {
  let p: TicketsTestPlatform
  let a: TestTenant

  beforeAll(async () => {
    p = await startTickets(kind)
    a = await p.tenant()
    await setupType(a)
  })
  afterAll(() => p?.close())

  describe('REST API with Idempotency-Key', () => {
    // startTestPlatform's `extra.headers` replaces the authorization header, so it is passed again here.
    const post = (key: string, body: unknown, t: TestTenant = a) => t.api('POST', '/api/tickets', body, { headers: { 'authorization': `Bearer ${t.token}`, 'idempotency-key': key } })

    it('same key and body → the same ticket; same key, other body → 422', async () => {
      const first = await post('order-1001-retry', afterSalesTicket())
      expect(first.status).toBe(201)
      const before = await counts(p, a.tenantId)
      // Key order in the JSON does not make it another request.
      const { title, typeKey, ...rest } = afterSalesTicket()
      const again = await post('order-1001-retry', { ...rest, typeKey, title })
      expect(again.status).toBe(201)
      expect(again.headers['idempotent-replayed']).toBe('true')
      expect(again.body).toEqual(first.body)
      const other = await post('order-1001-retry', afterSalesTicket({ title: '另一个问题' }))
      expect(other.status).toBe(422)
      expect(other.body.details[0].field).toBe('idempotency-key')
      expect(await counts(p, a.tenantId)).toEqual(before)
      expect((await post('', afterSalesTicket())).status).toBe(400)
    })

    it('concurrent requests with one key create exactly one ticket', async () => {
      const before = await counts(p, a.tenantId)
      const results = await Promise.all(Array.from({ length: 12 }, () => post('burst-7', afterSalesTicket({ title: '并发重试' }))))
      expect(results.map(r => r.status)).toEqual(Array(12).fill(201))
      expect(new Set(results.map(r => r.body.id)).size).toBe(1)
      const after = await counts(p, a.tenantId)
      expect(after.tickets).toBe(before.tickets + 1)
      expect(after.ticket_idempotency_keys).toBe(before.ticket_idempotency_keys + 1)
    })

    it('a key is per tenant: another tenant using the same key gets its own ticket', async () => {
      const b = await p.tenant()
      await setupType(b)
      const mine = await post('shared-key', afterSalesTicket())
      const theirs = await post('shared-key', afterSalesTicket(), b)
      expect(theirs.status).toBe(201)
      expect(theirs.body.id).not.toBe(mine.body.id)
    })
  })

  it('matches one customer across channels whatever the phone format, and links open opportunities', async () => {
    const api = await a.api('POST', '/api/tickets', afterSalesTicket({ customer: { name: '赵六', phone: '139 0000 1111' } }))
    const customerId = api.body.customerId
    const opp = await a.api('POST', '/api/opportunities', { customerId, title: '全屋净水方案', amountFen: 1_280_000 })
    expect(opp.status).toBe(201)
    const chat = await a.api('POST', '/api/channels/chat/tickets', { typeKey: 'after-sales', transcript, customer: { phone: '+86-139-0000-1111', wecomExternalUserId: 'wmZX_abc123' }, fields: { problemType: '物流咨询', contactPhone: '13900001111' } })
    expect(chat.status, JSON.stringify(chat.body)).toBe(201)
    const portal = await p.inject({ method: 'POST', url: `/api/portal/${a.slug}/tickets`, payload: { typeKey: 'after-sales', fields: { problemType: '物流咨询', contactPhone: '0086 13900001111' }, contact: { name: '赵六', phone: '0086 139 0000 1111' } } })
    expect(portal.status, JSON.stringify(portal.body)).toBe(201)
    const wecom = await a.api('POST', '/api/tickets', afterSalesTicket({ customer: { wecomExternalUserId: 'wmZX_abc123' } }))
    const tickets = (await a.api('GET', `/api/tickets?customer=${customerId}&limit=200`)).body.items
    expect(tickets.map((t: { channel: string }) => t.channel).sort()).toEqual(['api', 'api', 'chat', 'portal'])
    expect(wecom.body.customerId).toBe(customerId)
    expect(chat.body.opportunityIds).toEqual([opp.body.id])
    expect(api.body.opportunityIds).toEqual([])
  })

  it('a manual customer merge moves the duplicate\'s tickets to the survivor', async () => {
    const dup = (await a.api('POST', '/api/tickets', afterSalesTicket({ customer: { name: '吴九', email: 'wu9@example.cn' } }))).body
    const main = (await a.api('POST', '/api/tickets', afterSalesTicket({ customer: { name: '吴九', phone: '13600009999' } }))).body
    expect(dup.customerId).not.toBe(main.customerId)
    expect((await a.api('POST', `/api/customers/${dup.customerId}/merge`, { intoId: main.customerId })).status).toBe(200)
    expect((await a.api('GET', `/api/tickets/${dup.id}`)).body.customerId).toBe(main.customerId)
    const card = (await a.api('GET', `/api/customers/${main.customerId}`)).body
    expect(card.sections.tickets.map((t: { id: string }) => t.id).sort()).toEqual([dup.id, main.id].sort())
  })

  describe('chat to ticket', () => {
    it('attaches the transcript, titles the ticket with the first customer message and matches the customer', async () => {
      const res = await a.api('POST', '/api/channels/chat/tickets', { typeKey: 'after-sales', transcript, customer: { name: '王女士', wechatOpenId: 'oAbc_123' }, fields: { problemType: '售后服务', faultDescription: '净水器漏水，厨房地面积水', contactPhone: '13700000000' } })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      expect(res.body).toMatchObject({ channel: 'chat', title: '你好，我家净水器漏水了' })
      expect(res.body.description).toContain('[2026-11-23 09:32] 客户: RO-600，厨房地上都是水')
      const [comment] = (await a.api('GET', `/api/tickets/${res.body.id}/comments`)).body
      expect(comment).toMatchObject({ visibility: 'internal', data: { kind: 'chat_transcript', messages: transcript } })
      expect((await a.api('GET', '/api/tickets?q=RO-600')).body.items[0].id).toBe(res.body.id)
    })

    it('malformed transcripts are 400s naming the message, and write nothing', async () => {
      const before = await counts(p, a.tenantId)
      const bad: Array<[unknown, string]> = [
        [[], '/transcript'],
        [[transcript[0], { ...transcript[1], sender: 'robot' }], '/transcript/1/sender'],
        [[transcript[0], transcript[1], { ...transcript[2], at: 'yesterday' }], '/transcript/2/at'],
        [[transcript[0], { ...transcript[1], text: '' }], '/transcript/1/text'],
        [[transcript[0], { ...transcript[1], mood: 'angry' }], '/transcript/1/mood'],
        [[transcript[1], transcript[0]], '/transcript/1/at'],
        ['hello', '/transcript'],
      ]
      for (const [messages, field] of bad) {
        const res = await a.api('POST', '/api/channels/chat/tickets', { typeKey: 'after-sales', transcript: messages, customer: { phone: '13700000000' } })
        expect(res.status, field).toBe(400)
        expect(res.body.details.map((d: { field: string }) => d.field), field).toContain(field)
      }
      expect(await counts(p, a.tenantId)).toEqual(before)
    })
  })
})
