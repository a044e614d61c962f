import type { AddressInfo } from 'node:net'
import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { files, setupType, startTickets, type TicketsTestPlatform } from './test-helper.js'

/**
 * Over a real socket: one customer reaches us through the REST API, the portal (with a photo), a
 * chat and a device's QR code, in different phone spellings; every ticket lands on one card.
 */
describeDatabases('four channels over HTTP, one customer card', (kind) => {
  let p: TicketsTestPlatform
  let a: TestTenant
  let base: string

  beforeAll(async () => {
    p = await startTickets(kind)
    a = await p.tenant()
    await setupType(a)
    await p.app.listen({ host: '127.0.0.1', port: 0 })
    base = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`
  })
  afterAll(() => p?.close())

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${a.token}`, ...headers } }
    if (body instanceof FormData) init.body = body
    else if (body !== undefined) {
      init.body = JSON.stringify(body)
      ;(init.headers as Record<string, string>)['content-type'] = 'application/json'
    }
    const res = await fetch(`${base}${path}`, init)
    return { status: res.status, body: await res.json() as any }
  }
  const fields = (phone: string) => ({ problemType: '售后服务', faultDescription: '烤箱加热管不热', contactPhone: phone })

  it('creates tickets through API, portal, chat and QR, and finds them all in the customer card', async () => {
    const api = await call('POST', '/api/tickets', { typeKey: 'after-sales', title: '烤箱不加热', fields: fields('13766668888'), customer: { name: '孙丽', phone: '137 6666 8888' } }, { 'idempotency-key': 'crm-sync-88' })
    expect(api.status, JSON.stringify(api.body)).toBe(201)
    const customerId = api.body.customerId

    const form = new FormData()
    form.append('data', JSON.stringify({ typeKey: 'after-sales', description: '门户报修：烤箱门关不严', fields: fields('+86 137-6666-8888'), contact: { name: '孙丽', phone: '+86 137-6666-8888' } }))
    form.append('photos', new Blob([files.jpeg()], { type: 'image/jpeg' }), '烤箱.jpg')
    const portal = await fetch(`${base}/api/portal/${a.slug}/tickets`, { method: 'POST', body: form })
    const portalBody = await portal.json() as { number: string, trackingToken: string }
    expect(portal.status, JSON.stringify(portalBody)).toBe(201)
    const tracking = await fetch(`${base}/api/portal/track/${portalBody.trackingToken}`)
    expect(tracking.status).toBe(200)

    const chat = await call('POST', '/api/channels/chat/tickets', {
      typeKey: 'after-sales',
      transcript: [
        { sender: 'customer', name: '孙丽', text: '烤箱还是不热，能再派人来吗', at: '2026-11-23T10:00:00+08:00' },
        { sender: 'agent', text: '好的，马上为您安排', at: '2026-11-23T10:01:00+08:00' },
      ],
      customer: { phone: '0086 137 6666 8888', wechatOpenId: 'oSunLi_2026' },
      fields: fields('13766668888'),
    })
    expect(chat.status, JSON.stringify(chat.body)).toBe(201)

    const asset = await call('POST', '/api/assets', { serial: 'OVEN-2026-0001', model: '嵌入式烤箱 B7', customerId })
    expect(asset.status, JSON.stringify(asset.body)).toBe(201)
    const qr = await fetch(`${base}/api/assets/${asset.body.id}/qr.png`, { headers: { authorization: `Bearer ${a.token}` } })
    expect(qr.headers.get('content-type')).toBe('image/png')
    const link = new URL((await call('GET', `/api/assets/${asset.body.id}/qr`)).body.url)
    const scanned = await call('POST', `/api/portal/${a.slug}/tickets`, {
      typeKey: 'after-sales', description: '扫码报修：烤箱显示 E3', fields: fields('13766668888'),
      asset: { id: link.searchParams.get('asset'), token: link.searchParams.get('t') },
    }, { authorization: '' })
    expect(scanned.status, JSON.stringify(scanned.body)).toBe(201)

    const card = await call('GET', `/api/customers/${customerId}`)
    expect(card.status).toBe(200)
    const onCard = card.body.sections.tickets as Array<{ number: string, channel: string }>
    expect(onCard.map(t => t.number).sort()).toEqual([api.body.number, portalBody.number, chat.body.number, scanned.body.number].sort())
    expect(onCard.map(t => t.channel).sort()).toEqual(['api', 'chat', 'portal', 'portal'])
    const scannedTicket = (await call('GET', `/api/tickets?q=${scanned.body.number}`)).body.items[0]
    expect(scannedTicket).toMatchObject({ assetId: asset.body.id, customerId })
  })
})
