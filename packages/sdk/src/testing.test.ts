import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { definePlugin, type TicketsIntake } from './index.js'
import { createPluginTestbed, type PluginTestbed } from './testing.js'

/** A channel as a plugin author writes it: an intake route creating tickets through tickets.intake. */
const kiosk = definePlugin({
  name: 'sdk-kiosk',
  version: '0.0.1',
  dependsOn: ['tickets'],
  setup({ channels, routes, services }) {
    channels.register({ id: 'kiosk', label: { 'zh-CN': '自助终端', 'en-US': 'Kiosk' } })
    const intake = services.get<TicketsIntake>('tickets.intake')
    routes.register({
      prefix: '/kiosk',
      plugin: async (app) => {
        app.post('/tickets', async (request, reply) => {
          const { title } = request.body as { title: string }
          const { ticket } = await intake.create(request.scope, { typeKey: 'general', title }, { channel: 'kiosk', actor: { kind: 'user', id: request.auth.userId } })
          return reply.status(201).send(ticket)
        })
      },
    })
  },
})

describe('createPluginTestbed', () => {
  let bed: PluginTestbed
  beforeAll(async () => {
    bed = await createPluginTestbed({ plugins: [kiosk] })
    const type = await bed.api('POST', '/api/ticket-types', { key: 'general', name: { 'zh-CN': '通用', 'en-US': 'General' } })
    expect(type.status, JSON.stringify(type.body)).toBe(201)
  })
  afterAll(async () => { await bed?.close() })

  it('serves the plugin under /api/x for its tenant; tickets it creates are real', async () => {
    const created = await bed.api('POST', '/api/x/kiosk/tickets', { title: '打印机卡纸' })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body).toMatchObject({ title: '打印机卡纸', channel: 'kiosk' })
    const read = await bed.api('GET', `/api/tickets/${created.body.id}`)
    expect(read.status).toBe(200)
    expect(read.body).toMatchObject({ id: created.body.id, number: created.body.number })
    const channels = await bed.api('GET', '/api/extensions/channels')
    expect(channels.body.map((c: { item: { id: string } }) => c.item.id)).toContain('kiosk')
  })

  it('over real HTTP too, and other tenants do not see it', async () => {
    const res = await bed.fetch('/api/x/kiosk/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'HTTP' }) })
    expect(res.status).toBe(201)
    const other = await bed.newTenant({ install: false })
    expect((await other.api('POST', '/api/x/kiosk/tickets', { title: 'x' })).status).toBe(404)
    const unauth = await bed.inject({ method: 'POST', url: '/api/x/kiosk/tickets', payload: { title: 'x' } })
    expect(unauth.status).toBe(401)
  })
})
