import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { startReceiver, startSmtp } from './loopback.test-helper.js'
import { startNotifyPlatform } from './platform.test-helper.js'

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 })

/** The designer's notify node, end to end: flow step → outbox → notify plugin → real SMTP / HTTP. */
describeDatabases('flow notify node through the notify plugin', (kind) => {
  let p: Awaited<ReturnType<typeof startNotifyPlatform>>
  let rx: Awaited<ReturnType<typeof startReceiver>>
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  let a: TestTenant
  let agentId: string

  const deliveries = async () => p.db.knex('notify_deliveries').where({ tenant_id: a.tenantId }).orderBy('created_at').orderBy('recipient')
  const flowOutbox = async (instanceId: string) => p.db.knex('outbox').where({ tenant_id: a.tenantId, instance_id: instanceId, kind: 'notify' }).first()

  async function publish(key: string, config: Record<string, unknown>) {
    const graph = {
      key, version: 1,
      nodes: [{ id: 's', type: 'start' }, { id: 'n', type: 'notify', config }, { id: 'e', type: 'end' }],
      edges: [{ id: 'e1', from: 's', to: 'n' }, { id: 'e2', from: 'n', to: 'e' }],
    }
    const created = await a.api('POST', '/api/flows', { key, name: key, graph })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect((await a.api('POST', `/api/flows/${created.body.id}/publish`)).status).toBe(201)
  }
  async function run(flowKey: string, vars: Record<string, unknown>) {
    const res = await a.api('POST', '/api/instances', { flowKey, vars })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body.id as string
  }

  beforeAll(async () => {
    p = await startNotifyPlatform(kind)
    rx = await startReceiver()
    smtp = await startSmtp()
    a = await p.tenant()
    const agent = await a.user('agent')
    agentId = agent.id
    await p.db.knex('users').where({ tenant_id: a.tenantId, id: agentId }).update({ email: 'agent@example.cn' })
    const channel = async (body: Record<string, unknown>) => expect((await a.api('POST', '/api/notify/channels', body)).status).toBe(201)
    await channel({ key: 'smtp', name: '公司邮箱', notifier: 'email', isDefault: true, config: { host: '127.0.0.1', port: smtp.port, user: smtp.credentials.user, pass: smtp.credentials.pass, from: 'robot@example.cn' } })
    await channel({ key: 'after-sales', name: '售后群', notifier: 'wecom', isDefault: true, config: { key: 'wk', baseUrl: rx.baseUrl } })
    await channel({ key: 'sms', name: '短信', notifier: 'sms', isDefault: true, config: { driver: 'console', signName: '工单流' } })
    await channel({ key: 'erp', name: 'ERP', notifier: 'webhook', config: { url: `${rx.baseUrl}/erp`, secret: 'erp-secret' } })
    await publish('tell', {
      notifier: 'wecom',
      to: ['{{customer.email}}', `user:${agentId}`, '{{customer.phone}}', 'erp', 'zhangsan'],
      subject: '工单 {{ticket.no}} 已受理',
      body: '{{ticket.title}}',
    })
  })
  afterAll(async () => {
    await rx?.close()
    await smtp?.close()
    await p?.close()
  })

  it('maps each recipient form, logs every delivery and renders per channel', async () => {
    const id = await run('tell', { ticket: { no: 'GD-1', title: '漏水 **急**' }, customer: { email: 'Li@Example.cn', phone: '138 0013 8000' } })
    await p.drainOutbox()
    const log = await deliveries()
    expect(log.map(d => [d.notifier, d.address, d.status]).sort()).toEqual([
      ['email', 'Li@Example.cn', 'sent'],
      ['email', 'agent@example.cn', 'sent'],
      ['sms', '13800138000', 'sent'],
      ['webhook', null, 'sent'],
      ['wecom', 'zhangsan', 'sent'],
    ])
    expect(log.every(d => d.event === 'flow.notify')).toBe(true)
    expect(smtp.mails.map(m => m.parsed.subject)).toEqual(['工单 GD-1 已受理', '工单 GD-1 已受理'])
    // A customer's text cannot restyle a robot's markdown message.
    const robot = rx.received.find(r => r.url.pathname.includes('webhook/send'))!
    expect(robot.json.markdown.content).toContain('漏水 \\*\\*急\\*\\*')
    expect(rx.received.find(r => r.url.pathname === '/erp')!.json).toMatchObject({ event: 'flow.notify', subject: '工单 GD-1 已受理' })
    expect((await flowOutbox(id)).result).toMatchObject({ via: 'notify', deliveries: expect.arrayContaining([expect.objectContaining({ notifier: 'sms', status: 'queued' })]) })
  })

  it('a retried outbox row dispatches nothing twice', async () => {
    const id = await run('tell', { ticket: { no: 'GD-2', title: '重试' }, customer: { email: 'wu@example.cn', phone: '13900139000' } })
    await p.drainOutbox()
    const before = (await deliveries()).length
    const mails = smtp.mails.length
    // As if the worker died after the handler ran but before it recorded the outcome: the lease ends, the row runs again.
    await p.db.knex('outbox').where({ tenant_id: a.tenantId, instance_id: id, kind: 'notify' }).update({ status: 'pending', lease_until: null, next_attempt_at: p.clock.now() })
    expect(await p.drainOutbox()).toBe(1)
    expect((await flowOutbox(id)).status).toBe('delivered')
    expect((await deliveries()).length).toBe(before)
    expect(smtp.mails.length).toBe(mails)
  })

  it('quiet hours hold a non-urgent message to 08:00; an urgent one goes at once', async () => {
    await publish('urgent', { notifier: 'email', to: ['night@example.cn'], subject: '紧急 {{ticket.no}}', body: '现在处理', urgent: true })
    p.clock.set('2025-10-09T15:00:00Z') // 23:00 in Beijing
    const mails = smtp.mails.length
    const id = await run('tell', { ticket: { no: 'GD-3', title: '夜间报修' }, customer: { email: 'night@example.cn', phone: '13700137000' } })
    await run('urgent', { ticket: { no: 'GD-4' } })
    await p.drainOutbox()
    const held = (await deliveries()).filter(d => d.subject === '工单 GD-3 已受理')
    expect(held).toHaveLength(5)
    expect(held.every(d => d.status === 'held' && new Date(d.held_until).toISOString() === '2025-10-10T00:00:00.000Z')).toBe(true)
    expect(smtp.mails.slice(mails).map(m => m.parsed.subject)).toEqual(['紧急 GD-4'])
    expect((await flowOutbox(id)).status).toBe('delivered') // dispatched; the deliveries wait

    p.clock.set('2025-10-10T00:00:00Z')
    await p.drainOutbox()
    expect((await deliveries()).filter(d => d.subject === '工单 GD-3 已受理').every(d => d.status === 'sent')).toBe(true)
    expect(smtp.mails.slice(mails).map(m => m.parsed.subject).sort()).toEqual(['工单 GD-3 已受理', '工单 GD-3 已受理', '紧急 GD-4'])
  })

  it('with the notify plugin off for the tenant, the node still sends through the log notifier', async () => {
    await publish('log-only', { notifier: 'log', to: ['ops@example.cn'], subject: '工单 {{ticket.no}}', body: '已关闭' })
    expect((await a.api('PUT', '/api/plugins/notify', { enabled: false })).status).toBe(200)
    const before = (await deliveries()).length
    const info = vi.spyOn(console, 'info').mockImplementation(() => {})
    try {
      const id = await run('log-only', { ticket: { no: 'GD-5' } })
      await p.drainOutbox()
      const row = await flowOutbox(id)
      expect(row).toMatchObject({ status: 'delivered', result: { providerId: `log:${row.idempotency_key}` } })
      expect(info.mock.calls.flat().join('\n')).toContain('to=ops@example.cn subject=工单 GD-5')
    }
    finally {
      info.mockRestore()
      await a.api('PUT', '/api/plugins/notify', { enabled: true })
    }
    expect((await deliveries()).length).toBe(before)
  })
})
