import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { channels } from './channels.js'
import { verifyWebhook } from './notifiers/index.js'
import { bj, clearInboxes, notifyWorld, type NotifyWorld } from './service.test-helper.js'

const vars = { ticket: { number: 'GD-7', title: '漏水' }, customer: { name: '李四' }, sla: { dueAt: bj('2025-10-09 15:00') } }

describeDatabases('notify delivery retries and the delivery log', (kind) => {
  let w: NotifyWorld
  beforeAll(async () => { w = await notifyWorld(kind) })
  afterAll(() => w?.close())
  beforeEach(() => {
    clearInboxes(w)
    w.clock.set(bj('2025-10-09 10:00'))
  })

  const delivery = (id: string) => w.scope.table('notify_deliveries').where({ id }).first()
  const outbox = (key: string) => w.db.knex('outbox').where({ tenant_id: w.scope.tenantId, idempotency_key: key }).first()
  const send = async (key: string) => (await w.service.dispatch(w.scope, { event: 'sla.breached', variables: vars, recipients: [{ channel: 'erp' }], key, urgent: true }, { now: w.clock.now() }))[0]

  it('a webhook answering 500 is retried in process, then by the outbox with back-off, then sent', async () => {
    // The erp channel allows 1 in-process retry: two 500s fail the first outbox attempt.
    w.rx.replies.push({ status: 500 }, { status: 500 })
    const d = await send('retry-500')
    expect(await w.worker.runOnce()).toBe(1)
    expect(w.rx.received).toHaveLength(2)
    expect(await delivery(d.id)).toMatchObject({ status: 'queued', attempts: 1, last_error: expect.stringContaining('answered 500') })
    const row = await outbox(d.idempotencyKey)
    expect(row).toMatchObject({ status: 'pending', attempts: 1 })
    expect(row.next_attempt_at.getTime()).toBeGreaterThan(w.clock.now().getTime())

    expect(await w.worker.runOnce()).toBe(0) // not due yet
    w.clock.advance(60_000)
    expect(await w.worker.runOnce()).toBe(1)
    expect(w.rx.received).toHaveLength(3)
    expect(await delivery(d.id)).toMatchObject({ status: 'sent', attempts: 2, last_error: null })
    expect(await outbox(d.idempotencyKey)).toMatchObject({ status: 'delivered' })
    // Every try carried the same key and a valid signature.
    for (const r of w.rx.received) {
      expect(r.headers['x-scrm-idempotency-key']).toBe(d.idempotencyKey)
      expect(verifyWebhook('erp-secret', r.headers, r.raw)).toBe(true)
    }
  })

  it('a 400 fails the delivery at once: no retry in process or by the outbox', async () => {
    w.rx.replies.push({ status: 400, body: { error: 'unknown event' } })
    const d = await send('reject-400')
    await w.worker.runOnce()
    w.clock.advance(3_600_000)
    await w.worker.drain()
    expect(w.rx.received).toHaveLength(1)
    expect(await delivery(d.id)).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringContaining('answered 400') })
    expect(await outbox(d.idempotencyKey)).toMatchObject({ status: 'delivered' }) // handled: the log says why
  })

  it('gives up after maxAttempts and marks the delivery failed', async () => {
    for (let i = 0; i < 20; i++) w.rx.replies.push({ status: 503 })
    const d = await send('always-503')
    for (let i = 0; i < 6; i++) {
      await w.worker.runOnce()
      w.clock.advance(3_600_000 * 2)
    }
    expect(await delivery(d.id)).toMatchObject({ status: 'failed', attempts: 4, last_error: expect.stringContaining('503') })
    expect(w.rx.received).toHaveLength(8) // 4 attempts × (1 try + 1 in-process retry)
    w.rx.replies.length = 0
  })

  it('a channel disabled before delivery fails the delivery, and a sent delivery is never sent twice', async () => {
    const d = await send('disabled')
    const erp = (await channels.byKey(w.scope, 'erp'))!
    await channels.update(w.scope, erp, { enabled: false })
    await w.worker.drain()
    expect(await delivery(d.id)).toMatchObject({ status: 'failed', last_error: 'the channel was removed or disabled' })
    await channels.update(w.scope, erp, { enabled: true })

    const ok = await send('twice')
    await w.worker.drain()
    expect(w.rx.received).toHaveLength(1)
    // A redelivered outbox entry (a worker that crashed after sending) finds the row sent and does nothing.
    await w.service.deliver({ tenantId: w.scope.tenantId, kind: 'notify.delivery', idempotencyKey: ok.idempotencyKey, payload: { deliveryId: ok.id }, attempt: 2 }, { db: w.db.knex, now: w.clock.now() })
    expect(w.rx.received).toHaveLength(1)
  })
})
