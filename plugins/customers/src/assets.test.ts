import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startCustomersPlatform } from './test-platform.test-helper.js'

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])

function decodeQr(png: Buffer): string | undefined {
  const img = PNG.sync.read(png)
  return jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data
}

describeDatabases('customers: assets and QR intake', (kind) => {
  let p: Awaited<ReturnType<typeof startCustomersPlatform>>
  let a: TestTenant
  let b: TestTenant
  let ownerId: string

  beforeAll(async () => {
    p = await startCustomersPlatform(kind, { publicBaseUrl: 'https://gd.example.cn/' })
    a = await p.tenant()
    b = await p.tenant()
    ownerId = (await a.api('POST', '/api/customers', { name: '设备主人', phone: '13600006666' })).body.customer.id
  })
  afterAll(() => p?.close())

  const newAsset = async (body: object, t: TestTenant = a) => {
    const res = await t.api('POST', '/api/assets', body)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body
  }

  it('registers assets with an owner; serials are unique per tenant', async () => {
    const asset = await newAsset({ serial: ' AC-2024-0001 ', model: 'KFR-35GW', name: '客厅空调', installDate: '2024-06-01', customerId: ownerId, location: '杭州市西湖区' })
    expect(asset).toMatchObject({ serial: 'AC-2024-0001', installDate: '2024-06-01', customerId: ownerId, customer: { id: ownerId, name: '设备主人' } })
    const dup = await a.api('POST', '/api/assets', { serial: 'AC-2024-0001' })
    expect(dup.status).toBe(409)
    expect(dup.body.details[0].field).toBe('/serial')
    await newAsset({ serial: 'AC-2024-0001' }, b) // another tenant may reuse the serial
    const list = await a.api('GET', `/api/assets?customerId=${ownerId}`)
    expect(list.body.items.map((x: any) => x.serial)).toEqual(['AC-2024-0001'])
    expect((await a.api('GET', '/api/assets?q=KFR')).body.total).toBe(1)
    const moved = await a.api('PATCH', `/api/assets/${asset.id}`, { location: '杭州市滨江区', installDate: null })
    expect(moved.body).toMatchObject({ location: '杭州市滨江区', installDate: null, customer: { id: ownerId } })
    const unowned = await a.api('PATCH', `/api/assets/${asset.id}`, { customerId: null })
    expect(unowned.body).toMatchObject({ customerId: null, customer: null })
    await a.api('PATCH', `/api/assets/${asset.id}`, { customerId: ownerId })
  })

  it('serves a real PNG QR code that decodes to the signed portal URL', async () => {
    const asset = await newAsset({ serial: 'QR-1', customerId: ownerId })
    const res = await p.app.inject({ method: 'GET', url: `/api/assets/${asset.id}/qr.png`, headers: { authorization: `Bearer ${a.token}` } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('image/png')
    expect(res.headers['cache-control']).toContain('no-store')
    const png = res.rawPayload
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE)
    expect(png.length).toBeGreaterThan(300)
    expect(png.length).toBeLessThan(50_000)
    const url = decodeQr(png)
    expect(url).toMatch(new RegExp(`^https://gd\\.example\\.cn/portal/${a.slug}/new\\?asset=${asset.id}&t=[\\w-]{22}$`))
    expect((await a.api('GET', `/api/assets/${asset.id}/qr`)).body.url).toBe(url)

    // The portal trusts asset + owner only with the right token.
    const token = new URL(url!).searchParams.get('t')!
    const sa = p.scope(a.tenantId)
    expect(await p.service.verifyAssetToken(sa, asset.id, token)).toMatchObject({ asset: { id: asset.id, serial: 'QR-1' }, customer: { id: ownerId } })
    const swap = (c: string) => (c === 'A' ? 'B' : 'A')
    for (const bad of [swap(token[0]) + token.slice(1), token.slice(0, -1) + swap(token.at(-1)!), token.slice(1), `${token}A`])
      expect(await p.service.verifyAssetToken(sa, asset.id, bad), bad).toBeUndefined()
    expect(await p.service.verifyAssetToken(sa, asset.id, '')).toBeUndefined()
    const other = await newAsset({ serial: 'QR-2' })
    expect(await p.service.verifyAssetToken(sa, other.id, token)).toBeUndefined()
    expect(await p.service.verifyAssetToken(p.scope(b.tenantId), asset.id, token)).toBeUndefined()
  })

  it('reissuing the QR code invalidates the printed one', async () => {
    const asset = await newAsset({ serial: 'QR-3', customerId: ownerId })
    const sa = p.scope(a.tenantId)
    const oldUrl = (await a.api('GET', `/api/assets/${asset.id}/qr`)).body.url
    const res = await a.api('POST', `/api/assets/${asset.id}/qr/reissue`)
    expect(res.status).toBe(200)
    expect(res.body.url).not.toBe(oldUrl)
    const t = (u: string) => new URL(u).searchParams.get('t')!
    expect(await p.service.verifyAssetToken(sa, asset.id, t(oldUrl))).toBeUndefined()
    expect(await p.service.verifyAssetToken(sa, asset.id, t(res.body.url))).toBeDefined()
  })

  it('pre-fills the survivor when the owner was merged', async () => {
    const dup = (await a.api('POST', '/api/customers', { name: '重复主人' })).body.customer.id
    const asset = await newAsset({ serial: 'QR-4', customerId: dup })
    const sa = p.scope(a.tenantId)
    const other = (await a.api('POST', '/api/customers', { name: '真主人' })).body.customer.id
    await a.api('POST', `/api/customers/${dup}/merge`, { intoId: other })
    expect((await p.service.assetWithOwner(sa, asset.id))?.customer?.id).toBe(other)
  })

  it('every asset route is 404 for another tenant', async () => {
    const asset = await newAsset({ serial: 'ISO-1', customerId: ownerId })
    for (const [method, url, body] of [
      ['GET', `/api/assets/${asset.id}`], ['PATCH', `/api/assets/${asset.id}`, { name: 'x' }], ['DELETE', `/api/assets/${asset.id}`],
      ['GET', `/api/assets/${asset.id}/qr`], ['GET', `/api/assets/${asset.id}/qr.png`], ['POST', `/api/assets/${asset.id}/qr/reissue`],
    ] as Array<[string, string, unknown?]>) {
      const res = await b.api(method, url, body)
      expect(res.status, `${method} ${url}`).toBe(404)
    }
    // Nor can B point its own asset at A's customer.
    const res = await b.api('POST', '/api/assets', { serial: 'ISO-B', customerId: ownerId })
    expect(res.status).toBe(404)
    expect(res.body.details[0].field).toBe('/customerId')
    expect((await b.api('GET', '/api/assets?serial=ISO-1')).body.items).toEqual([])
    expect((await a.api('GET', `/api/assets/${asset.id}`)).status).toBe(200)
  })
})
