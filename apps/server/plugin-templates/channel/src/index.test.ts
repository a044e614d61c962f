import { createPluginTestbed, type PluginTestbed } from '@scrm/sdk/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import plugin from './index.js'

describe('__NAME__ channel', () => {
  let bed: PluginTestbed
  beforeAll(async () => {
    bed = await createPluginTestbed({ plugins: [plugin] })
    const type = await bed.api('POST', '/api/ticket-types', { key: 'general', name: { 'zh-CN': '通用', 'en-US': 'General' } })
    expect(type.status, JSON.stringify(type.body)).toBe(201)
  })
  afterAll(async () => { await bed?.close() })

  it('creates a ticket that the tickets API reads back', async () => {
    const created = await bed.api('POST', '/api/x/__NAME__/tickets', { title: '打印机卡纸', description: '三楼打印机', phone: '13800138000' })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const read = await bed.api('GET', `/api/tickets/${created.body.id}`)
    expect(read.status).toBe(200)
    expect(read.body).toMatchObject({ id: created.body.id, number: created.body.number, title: '打印机卡纸', channel: '__NAME__' })
  })

  it('answers 400 naming the field for a bad body', async () => {
    const res = await bed.api('POST', '/api/x/__NAME__/tickets', { description: 'no title' })
    expect(res.status).toBe(400)
    expect(res.body.details[0].field).toBe('/title')
  })

  it('does not exist for tenants that did not install it', async () => {
    const other = await bed.newTenant({ install: false })
    expect((await other.api('POST', '/api/x/__NAME__/tickets', { title: 'x' })).status).toBe(404)
  })
})
