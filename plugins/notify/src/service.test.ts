import { createHmac } from 'node:crypto'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { bj, clearInboxes, notifyWorld, type NotifyWorld } from './service.test-helper.js'
import { putPreferences, putSettings, DEFAULT_SETTINGS } from './settings.js'

const ticketVars = {
  ticket: { number: 'GD-42', title: '空调不制冷' },
  customer: { name: '张三丰' },
  sla: { dueAt: bj('2025-10-09 11:30') },
  assignee: { name: '张三' },
}

describeDatabases('notify dispatch and delivery through the outbox', (kind) => {
  let w: NotifyWorld
  beforeAll(async () => { w = await notifyWorld(kind) })
  afterAll(() => w?.close())
  beforeEach(async () => {
    clearInboxes(w)
    w.clock.set(bj('2025-10-09 10:00'))
    for (const id of Object.values(w.users)) await putPreferences(w.scope, id, {})
  })

  const outboxRow = (key: string) => w.db.knex('outbox').where({ tenant_id: w.scope.tenantId, idempotency_key: key }).first()
  const delivery = (id: string) => w.scope.table('notify_deliveries').where({ id }).first()

  it('honours each user\'s preferences and language', async () => {
    await putPreferences(w.scope, w.users.zhang, { 'sla.warning': ['dingtalk', 'sms'], '*': ['email'] })
    // Alice has none: the tenant default (email) applies.
    const out = await w.service.dispatch(w.scope, { event: 'sla.warning', variables: ticketVars, recipients: [{ userId: w.users.zhang }, { userId: w.users.alice }], key: 'sla:t42:warn' }, { now: w.clock.now() })
    expect(out.map(d => [d.notifier, d.recipient, d.status]).sort()).toEqual([['dingtalk', '张三', 'queued'], ['email', 'Alice', 'queued'], ['sms', '张三', 'queued']])
    expect(w.rx.received).toHaveLength(0) // nothing is sent before the outbox worker runs
    expect(await w.worker.drain()).toBe(3)

    const [ding] = w.rx.received
    expect(ding.url.pathname).toBe('/robot/send')
    const ts = ding.url.searchParams.get('timestamp')!
    expect(ding.url.searchParams.get('sign')).toBe(createHmac('sha256', 'SEC-duty').update(`${ts}\nSEC-duty`).digest('base64'))
    expect(ding.json.at.atMobiles).toEqual(['13800138000'])
    expect(ding.json.markdown.text).toContain('将于 **2025年10月9日 11:30** 超时')
    expect(w.sms).toEqual([expect.stringContaining('to=13800138000 key=sla:t42:warn:sms:13800138000 【工单流】【即将超时】工单 GD-42：空调不制冷：客户 张三丰')])
    expect(w.smtp.mails).toHaveLength(1)
    expect(w.smtp.mails[0].to).toEqual(['alice@example.com'])
    expect(w.smtp.mails[0].parsed.subject).toBe('[SLA warning] Ticket GD-42: 空调不制冷')
    expect(w.smtp.mails[0].parsed.text).toContain('is due Oct 9, 2025, 11:30')

    for (const d of out) expect(await delivery(d.id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null })
    // Email's provider id is its Message-ID; robots answer without one.
    const byNotifier = Object.fromEntries(await Promise.all(out.map(async d => [d.notifier, (await delivery(d.id)).provider_id])))
    expect(byNotifier).toEqual({ email: w.smtp.mails[0].parsed.messageId, sms: expect.stringMatching(/^console:/), dingtalk: null })
    expect(await outboxRow(out[0].idempotencyKey)).toMatchObject({ kind: 'notify.delivery', status: 'delivered' })

    // Other events fall back to "*".
    clearInboxes(w)
    const other = await w.service.dispatch(w.scope, { event: 'ticket.assigned', variables: ticketVars, recipients: [{ userId: w.users.zhang }] }, { now: w.clock.now() })
    expect(other.map(d => d.notifier)).toEqual(['email'])
    await w.worker.drain()
    expect(w.smtp.mails[0].parsed.subject).toBe('新工单 GD-42：空调不制冷')

    // An empty list is a choice: nothing.
    await putPreferences(w.scope, w.users.zhang, { 'ticket.assigned': [] })
    expect(await w.service.dispatch(w.scope, { event: 'ticket.assigned', variables: ticketVars, recipients: [{ userId: w.users.zhang }] })).toEqual([])
  })

  it('holds non-urgent messages at 23:00 until 08:00 next day; urgent ones go at once', async () => {
    w.clock.set(bj('2025-10-09 23:00'))
    const quiet = await w.service.dispatch(w.scope, { event: 'ticket.assigned', variables: ticketVars, recipients: [{ channel: 'after-sales' }], key: 'night-1' }, { now: w.clock.now() })
    const urgent = await w.service.dispatch(w.scope, { event: 'sla.breached', variables: ticketVars, recipients: [{ channel: 'erp' }], urgent: true, key: 'night-2' }, { now: w.clock.now() })
    expect(quiet[0]).toMatchObject({ status: 'held', heldUntil: bj('2025-10-10 08:00') })
    expect(urgent[0]).toMatchObject({ status: 'queued', heldUntil: null })
    expect((await outboxRow(quiet[0].idempotencyKey)).next_attempt_at).toEqual(bj('2025-10-10 08:00'))

    await w.worker.drain()
    expect(w.rx.received.map(r => r.url.pathname)).toEqual(['/erp'])
    expect(await delivery(urgent[0].id)).toMatchObject({ status: 'sent' })

    w.clock.set(bj('2025-10-10 07:59'))
    expect(await w.worker.drain()).toBe(0)
    expect(await delivery(quiet[0].id)).toMatchObject({ status: 'held', attempts: 0 })

    w.clock.set(bj('2025-10-10 08:00'))
    expect(await w.worker.drain()).toBe(1)
    expect(w.rx.received.map(r => r.url.pathname)).toEqual(['/erp', '/cgi-bin/webhook/send'])
    expect(await delivery(quiet[0].id)).toMatchObject({ status: 'sent', sent_at: bj('2025-10-10 08:00') })
  })

  it('follows the tenant\'s quiet hours and zone', async () => {
    await putSettings(w.scope, { ...DEFAULT_SETTINGS, timeZone: 'Europe/London', quietHours: { enabled: true, start: '20:00', end: '07:00' } })
    try {
      // 23:00 in Beijing is 16:00 in London: not quiet there.
      const [d] = await w.service.dispatch(w.scope, { event: 'ticket.assigned', variables: ticketVars, recipients: [{ channel: 'after-sales' }] }, { now: bj('2025-10-09 23:00') })
      expect(d.status).toBe('queued')
      const [late] = await w.service.dispatch(w.scope, { event: 'ticket.assigned', variables: ticketVars, recipients: [{ channel: 'after-sales' }] }, { now: new Date('2025-10-09T20:30:00Z') })
      expect(late.heldUntil).toEqual(new Date('2025-10-10T06:00:00Z')) // 07:00 BST
    }
    finally {
      await putSettings(w.scope, DEFAULT_SETTINGS)
      await w.worker.drain()
    }
  })

  it('the same request key twice sends once', async () => {
    const req = { event: 'sla.warning', variables: ticketVars, recipients: [{ channel: 'erp' }, { email: 'boss@example.cn' }], key: 'sla:t42:again' }
    const a = await w.service.dispatch(w.scope, req, { now: w.clock.now() })
    const b = await w.service.dispatch(w.scope, req, { now: w.clock.now() })
    expect(b.map(d => d.id).sort()).toEqual(a.map(d => d.id).sort())
    expect(await w.db.knex('outbox').where({ tenant_id: w.scope.tenantId }).whereLike('idempotency_key', 'sla:t42:again%').count({ n: '*' })).toEqual([{ n: 2 }])
    await w.worker.drain()
    expect(w.rx.received).toHaveLength(1)
    expect(w.smtp.mails).toHaveLength(1)
  })

  it('people who reach the same group robot get one message that @mentions them all', async () => {
    await putPreferences(w.scope, w.users.zhang, { '*': ['wecom'] })
    await putPreferences(w.scope, w.users.wang, { '*': ['wecom'] })
    const out = await w.service.dispatch(w.scope, { event: 'sla.escalated', variables: { ...ticketVars, escalation: { level: 2 } }, recipients: [{ userId: w.users.zhang }, { userId: w.users.wang }], urgent: true }, { now: w.clock.now() })
    expect(out).toHaveLength(1)
    expect(out[0].recipient).toBe('张三, 王五')
    await w.worker.drain()
    expect(w.rx.received[0].json).toMatchObject({ msgtype: 'text', text: { mentioned_mobile_list: ['13800138000', '13700137000'] } })
    expect(w.rx.received[0].json.text.content).toContain('已升级至第 2 级')
  })

  it('logs what cannot be sent instead of dropping it', async () => {
    await putPreferences(w.scope, w.users.nomail, { '*': ['email', 'fax'] })
    const out = await w.service.dispatch(w.scope, { event: 'sla.warning', variables: ticketVars, recipients: [{ userId: w.users.nomail }, { channel: 'nope' }, { userId: '00000000-0000-4000-8000-000000000000' }] }, { now: w.clock.now() })
    expect(out.map(d => [d.notifier, d.status, d.lastError]).sort()).toEqual([
      ['-', 'failed', 'channel "nope" does not exist or is disabled'],
      ['-', 'failed', 'user not found or inactive'],
      ['email', 'failed', 'user has no email address'],
      ['fax', 'failed', 'notifier "fax" is not available'],
    ])
    expect(await w.db.knex('outbox').whereIn('idempotency_key', out.map(d => d.idempotencyKey)).count({ n: '*' })).toEqual([{ n: 0 }])
  })

  it('enqueues in the caller\'s transaction: a rollback leaves no delivery and no outbox row', async () => {
    let key = ''
    await expect(w.scope.transaction(async (s) => {
      const [d] = await w.service.dispatch(s, { event: 'sla.warning', variables: ticketVars, recipients: [{ channel: 'erp' }] }, { now: w.clock.now() })
      key = d.idempotencyKey
      throw new Error('ticket update failed')
    })).rejects.toThrow('ticket update failed')
    expect(await outboxRow(key)).toBeUndefined()
    expect(await w.scope.table('notify_deliveries').where({ idempotency_key: key }).first()).toBeUndefined()
  })
})
