import { describeDatabases } from '@scrm/store/testing'
import type { TestTenant } from '@scrm/server/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startReceiver } from './loopback.test-helper.js'
import { verifyWebhook } from './notifiers/index.js'
import { startNotifyPlatform } from './platform.test-helper.js'

describeDatabases('notify API', (kind) => {
  let p: Awaited<ReturnType<typeof startNotifyPlatform>>
  let rx: Awaited<ReturnType<typeof startReceiver>>
  let a: TestTenant
  let b: TestTenant

  beforeAll(async () => {
    p = await startNotifyPlatform(kind)
    rx = await startReceiver()
    a = await p.tenant()
    b = await p.tenant()
  })
  afterAll(async () => {
    await rx?.close()
    await p?.close()
  })

  it('keeps channel secrets write-only', async () => {
    const created = await a.api('POST', '/api/notify/channels', {
      key: 'smtp', name: '公司邮箱', notifier: 'email', isDefault: true,
      config: { host: '127.0.0.1', port: 2525, user: 'robot@example.cn', pass: 'top-secret-pass', from: 'robot@example.cn' },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ key: 'smtp', notifier: 'email', isDefault: true, secretsSet: ['pass'], config: { host: '127.0.0.1', user: 'robot@example.cn' } })
    expect(JSON.stringify(created.body)).not.toContain('top-secret-pass')
    const list = await a.api('GET', '/api/notify/channels')
    expect(JSON.stringify(list.body)).not.toContain('top-secret-pass')

    // Changing public fields keeps the secret; null removes it.
    const id = created.body.id
    const kept = await a.api('PATCH', `/api/notify/channels/${id}`, { config: { host: 'smtp.example.cn', port: 465, user: 'robot@example.cn', from: 'robot@example.cn' } })
    expect(kept.body).toMatchObject({ secretsSet: ['pass'], config: { host: 'smtp.example.cn', port: 465 } })
    const removed = await a.api('PATCH', `/api/notify/channels/${id}`, { config: { host: 'smtp.example.cn', port: 465, from: 'robot@example.cn', pass: null } })
    expect(removed.body.secretsSet).toEqual([])
    const row = await p.db.knex('notify_channels').where({ id }).first()
    expect(row.secrets).toEqual({})
  })

  it('validates channel config against the notifier schema', async () => {
    const bad = await a.api('POST', '/api/notify/channels', { key: 'x', name: 'x', notifier: 'email', config: { port: 'nope' } })
    expect(bad.status).toBe(400)
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['/config/from', '/config/host', '/config/port'])
    expect((await a.api('POST', '/api/notify/channels', { key: 'x', name: 'x', notifier: 'pigeon', config: {} })).status).toBe(400)
    expect((await a.api('POST', '/api/notify/channels', { key: 'smtp', name: 'x', notifier: 'email', config: { host: 'h', port: 25, from: 'a@b.cn' } })).status).toBe(409)
    const agent = await a.user('agent')
    expect((await agent.api('POST', '/api/notify/channels', { key: 'y', name: 'y', notifier: 'webhook', config: { url: 'http://127.0.0.1/' } })).status).toBe(403)
    expect((await agent.api('GET', '/api/notify/channels')).status).toBe(403)
    const notifiers = await agent.api('GET', '/api/notify/notifiers')
    expect(notifiers.body.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining(['log', 'email', 'wecom', 'dingtalk', 'webhook', 'sms']))
    expect(notifiers.body.find((n: { id: string }) => n.id === 'dingtalk').secretFields).toEqual(['accessToken', 'secret'])
  })

  it('stores settings, preferences and template overrides', async () => {
    expect((await a.api('GET', '/api/notify/settings')).body).toEqual({ timeZone: 'Asia/Shanghai', locale: 'zh-CN', quietHours: { enabled: true, start: '22:00', end: '08:00' }, defaultChannels: ['email'] })
    const put = await a.api('PUT', '/api/notify/settings', { timeZone: 'Asia/Shanghai', locale: 'zh-CN', quietHours: { enabled: true, start: '21:30', end: '07:30' }, defaultChannels: ['email', 'wecom'] })
    expect(put.status).toBe(200)
    expect((await a.api('PUT', '/api/notify/settings', { ...put.body, timeZone: 'Mars/Base' })).status).toBe(400)
    expect((await a.api('PUT', '/api/notify/settings', { ...put.body, quietHours: { enabled: true, start: '25:00', end: '07:00' } })).status).toBe(400)

    const agent = await a.user('agent')
    const prefs = { 'sla.warning': ['dingtalk', 'sms'], '*': ['email'] }
    expect((await agent.api('PUT', '/api/notify/preferences', { preferences: prefs })).body).toEqual({ preferences: prefs })
    expect((await agent.api('GET', '/api/notify/preferences')).body).toEqual({ preferences: prefs })
    expect((await a.api('GET', `/api/notify/preferences/${agent.id}`)).body).toEqual({ preferences: prefs })
    expect((await b.api('GET', `/api/notify/preferences/${agent.id}`)).status).toBe(404) // another tenant's user

    const tpl = { subject: { 'zh-CN': '催办：{{ticket.title}}', 'en-US': 'Chase: {{ticket.title}}' }, body: { 'zh-CN': '请处理 **{{ticket.number}}**', 'en-US': 'Please handle **{{ticket.number}}**' } }
    expect((await a.api('PUT', '/api/notify/templates/sla.warning', tpl)).status).toBe(204)
    const list = await a.api('GET', '/api/notify/templates')
    expect(list.body.find((t: { key: string }) => t.key === 'sla.warning')).toMatchObject({ custom: true, subject: tpl.subject })
    const preview = await a.api('POST', '/api/notify/preview', { template: 'sla.warning', variables: { ticket: { title: '漏水', number: 'GD-1' } }, locale: 'en-US', format: 'html' })
    expect(preview.body).toEqual({ subject: 'Chase: 漏水', body: 'Please handle <strong>GD-1</strong>' })
    expect((await b.api('GET', '/api/notify/templates')).body.find((t: { key: string }) => t.key === 'sla.warning').custom).toBe(false)
    expect((await a.api('DELETE', '/api/notify/templates/sla.warning')).status).toBe(204)
  })

  it('sends through the outbox to a signed webhook and lists the delivery log per tenant', async () => {
    const hook = await a.api('POST', '/api/notify/channels', { key: 'erp', name: 'ERP', notifier: 'webhook', config: { url: `${rx.baseUrl}/erp`, secret: 'erp-secret' } })
    expect(hook.status).toBe(201)
    rx.replies.push({ status: 500 })
    const sent = await a.api('POST', '/api/notify/send', {
      event: 'sla.breached', recipients: [{ channel: 'erp' }],
      variables: { ticket: { number: 'GD-9', title: '门店断网' }, customer: { name: '华东一店' }, sla: { dueAt: '2025-10-09T01:00:00Z' }, assignee: { name: '张三' } },
    })
    expect(sent.status).toBe(202)
    expect(sent.body.deliveries).toMatchObject([{ notifier: 'webhook', recipient: 'ERP', status: 'queued' }])
    expect(rx.received).toHaveLength(0)
    expect(await p.drainOutbox()).toBe(1)
    expect(rx.received).toHaveLength(2) // a 500, then the in-process retry
    const last = rx.received[1]
    expect(verifyWebhook('erp-secret', last.headers, last.raw, { now: Date.now() })).toBe(true)
    expect(last.json).toMatchObject({ event: 'sla.breached', tenantId: a.tenantId, subject: '【已超时】工单 GD-9：门店断网' })
    expect(last.json.body).toContain('已于 2025年10月9日 09:00 超时')

    const log = await a.api('GET', '/api/notify/deliveries?status=sent')
    expect(log.body.total).toBe(1)
    expect(log.body.items[0]).toMatchObject({ notifier: 'webhook', status: 'sent', attempts: 1, event: 'sla.breached' })
    const id = log.body.items[0].id
    expect((await a.api('GET', `/api/notify/deliveries/${id}`)).status).toBe(200)
    expect((await b.api('GET', `/api/notify/deliveries/${id}`)).status).toBe(404)
    expect((await b.api('GET', '/api/notify/deliveries')).body.total).toBe(0)
    expect((await (await a.user('agent')).api('GET', '/api/notify/deliveries')).status).toBe(403)
  })

  it('test-sends through a robot channel; holds non-urgent messages at night by the platform clock', async () => {
    const wecom = await a.api('POST', '/api/notify/channels', { key: 'after-sales', name: '售后群', notifier: 'wecom', config: { key: 'wk', baseUrl: rx.baseUrl } })
    rx.received.length = 0
    const test = await a.api('POST', `/api/notify/channels/${wecom.body.id}/test`)
    expect(test.status).toBe(202)
    await p.drainOutbox()
    expect(rx.received[0].json.markdown.content).toContain('测试消息：售后群')

    p.clock.set('2025-10-09T15:00:00Z') // 23:00 in Beijing
    const night = await a.api('POST', '/api/notify/send', { event: 'ticket.assigned', recipients: [{ channel: 'after-sales' }], variables: { ticket: { number: 'GD-10', title: '夜间报修' } } })
    expect(night.body.deliveries[0]).toMatchObject({ status: 'held', heldUntil: '2025-10-09T23:30:00.000Z' }) // 07:30 per tenant A's settings
    expect(await p.drainOutbox()).toBe(0)
    p.clock.set('2025-10-09T23:30:00Z')
    expect(await p.drainOutbox()).toBe(1)
    expect(rx.received.at(-1)!.json.markdown.content).toContain('夜间报修')
  })

  it('lets the flow runtime\'s notify kind use the tenant\'s default channel', async () => {
    await b.api('POST', '/api/notify/channels', { key: 'hook', name: 'Hook', notifier: 'webhook', config: { url: `${rx.baseUrl}/flow`, secret: 's' } })
    await p.startWorkers() // attaches the database; the workers' own polling is harmless here
    const webhook = p.kernel.registries.notifiers.get(b.tenantId, 'webhook')!
    await webhook.send({ to: [], subject: '流程通知', body: '维修完成', idempotencyKey: 'flow:1' }, {}, { tenantId: b.tenantId })
    expect(rx.received.at(-1)!.url.pathname).toBe('/flow')
  })
})
