import { createHash } from 'node:crypto'
import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { counts, files, multipart, setupType, startTickets, storedFiles, type TicketsTestPlatform } from './test-helper.js'

const submission = (over: Record<string, unknown> = {}) => ({
  typeKey: 'after-sales',
  description: '洗衣机脱水时剧烈晃动',
  fields: { problemType: '售后服务', faultDescription: '脱水时机器移位，噪音很大', contactPhone: '13600001234' },
  contact: { name: '陈先生', phone: '136-0000-1234' },
  ...over,
})

describeDatabases('customer portal', (kind) => {
  let p: TicketsTestPlatform
  let a: TestTenant
  const portal = (method: string, url: string, payload?: unknown, headers?: Record<string, string>) =>
    p.inject({ method: method as 'GET', url, ...(payload === undefined ? {} : { payload: payload as string }), ...(headers ? { headers } : {}) })

  beforeAll(async () => {
    p = await startTickets(kind)
    a = await p.tenant()
    await setupType(a)
  })
  afterAll(() => p?.close())

  it('serves the form of a ticket type without login, with region variants', async () => {
    const form = await portal('GET', `/api/portal/${a.slug}/forms/after-sales?region=${encodeURIComponent('华东')}`)
    expect(form.status).toBe(200)
    expect(form.body.type.key).toBe('after-sales')
    expect(form.body.template.form.fields.map((f: { key: string }) => f.key)).toContain('coldChainTrackingNo')
    expect(form.body.template.state.fields.model.visible).toBe(false)
    expect((await portal('GET', `/api/portal/no-such-tenant/forms/after-sales`)).status).toBe(404)
    expect((await portal('GET', `/api/portal/${a.slug}/forms/nothing`)).status).toBe(404)
  })

  it('a submission answers with a tracking link whose token is unguessable and stored only hashed', async () => {
    const res = await portal('POST', `/api/portal/${a.slug}/tickets`, submission())
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.trackingUrl).toBe(`https://support.example.cn/portal/track/${res.body.trackingToken}`)
    expect(Buffer.from(res.body.trackingToken, 'base64url').length).toBeGreaterThanOrEqual(16)
    const rows = await p.db.knex('ticket_portal_tokens').where({ tenant_id: a.tenantId })
    expect(rows.some(r => r.token_hash === createHash('sha256').update(res.body.trackingToken).digest('hex'))).toBe(true)
    expect(JSON.stringify(rows)).not.toContain(res.body.trackingToken)
    const ticket = (await a.api('GET', `/api/tickets?q=${encodeURIComponent('剧烈晃动')}`)).body.items[0]
    expect(ticket).toMatchObject({ channel: 'portal', number: res.body.number, title: '售后服务 - 陈先生' })
  })

  it('the tracking page shows status steps, public comments and events — and nothing internal', async () => {
    const { body } = await portal('POST', `/api/portal/${a.slug}/tickets`, submission({ description: '追踪测试' }))
    const ticket = (await a.api('GET', `/api/tickets?q=${encodeURIComponent('追踪测试')}`)).body.items[0]
    const agent = await a.user('agent')
    await a.api('POST', `/api/tickets/${ticket.id}/assign`, { assigneeId: agent.id })
    await a.api('POST', `/api/tickets/${ticket.id}/comments`, { body: '内部备注：客户情绪激动', visibility: 'internal' })
    await a.api('POST', `/api/tickets/${ticket.id}/comments`, { body: '工程师明早九点上门', visibility: 'public' })
    await a.api('POST', `/api/tickets/${ticket.id}/status`, { status: 'open' })
    const track = await portal('GET', `/api/portal/track/${body.trackingToken}`)
    expect(track.status).toBe(200)
    expect(track.headers['cache-control']).toBe('no-store')
    expect(track.body.status).toMatchObject({ key: 'open', category: 'open', name: { 'zh-CN': '处理中', 'en-US': 'Open' } })
    expect(track.body.steps.map((s: { category: string, reached: boolean }) => [s.category, s.reached])).toEqual([['new', true], ['open', true], ['resolved', false], ['closed', false]])
    expect(track.body.comments).toEqual([expect.objectContaining({ body: '工程师明早九点上门', from: 'staff' })])
    expect(track.body.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'commented', 'status_changed'])
    const text = JSON.stringify(track.body)
    for (const secret of ['内部备注', agent.id, ticket.customerId, '13600001234', a.id]) expect(text).not.toContain(secret)
  })

  it('tracking tokens cannot be enumerated: every wrong token gets the same 404', async () => {
    const { body } = await portal('POST', `/api/portal/${a.slug}/tickets`, submission())
    const token: string = body.trackingToken
    const ticket = (await a.api('GET', `/api/tickets?q=${body.number}`)).body.items[0]
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1)
    const wrong = [flip(token, token.length - 1), flip(token, 0), token.slice(0, -1), `${token}A`, token.toUpperCase(), ticket.id, ticket.number, 'a', 'x'.repeat(90), Buffer.alloc(32).toString('base64url')]
    const answers = await Promise.all(wrong.map(w => portal('GET', `/api/portal/track/${encodeURIComponent(w)}`)))
    for (const r of answers) {
      expect(r.status).toBe(404)
      expect(r.body).toEqual({ error: 'Not Found', message: 'tracking link not found' })
    }
    expect((await portal('GET', `/api/portal/track/${token}`)).status).toBe(200)
  })

  it('multipart submissions carry photos: sniffed, stored, attached, and put into the photos field', async () => {
    const m = multipart([
      { name: 'data', value: JSON.stringify(submission({ description: '带照片的报修' })) },
      { name: 'photos', filename: '现场1.png', type: 'image/png', content: files.png() },
      { name: 'photos', filename: 'IMG_0002.JPG', type: 'image/jpeg', content: files.jpeg() },
    ])
    const res = await portal('POST', `/api/portal/${a.slug}/tickets`, m.payload, m.headers)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const ticket = (await a.api('GET', `/api/tickets?q=${res.body.number}`)).body.items[0]
    const attached = (await a.api('GET', `/api/tickets/${ticket.id}/attachments`)).body
    expect(attached.map((f: { filename: string, contentType: string }) => [f.filename, f.contentType]).sort()).toEqual([['IMG_0002.JPG', 'image/jpeg'], ['现场1.png', 'image/png']])
    expect([...ticket.fields.photos].sort()).toEqual(attached.map((f: { id: string }) => f.id).sort())
  })

  it('bad portal input is a 4xx naming the part or field, and leaves no row and no file behind', async () => {
    const before = await counts(p, a.tenantId)
    const filesBefore = storedFiles(p.attachmentsDir).length
    const cases: Array<[ReturnType<typeof multipart> | Record<string, unknown>, number, string]> = [
      [multipart([{ name: 'data', value: JSON.stringify(submission()) }, { name: 'photos', filename: 'ok.png', content: files.png() }, { name: 'photos', filename: 'evil.jpg', type: 'image/jpeg', content: files.html() }]), 415, '/photos/1'],
      [multipart([{ name: 'data', value: JSON.stringify(submission()) }, { name: 'photos', filename: 'big.png', content: files.png(64 * 1024 + 1) }]), 413, '/photos/0'],
      [multipart([{ name: 'data', value: JSON.stringify(submission()) }, ...[0, 1, 2, 3].map(i => ({ name: 'photos', filename: `${i}.png`, content: files.png() }))]), 413, '/photos/3'],
      [multipart([{ name: 'photos', filename: 'ok.png', content: files.png() }, { name: 'data', value: '{"typeKey":' }]), 400, '/data'],
      [multipart([{ name: 'photos', filename: 'ok.png', content: files.png() }, { name: 'data', value: JSON.stringify({ ...submission(), vip: true }) }]), 400, '/vip'],
      [multipart([{ name: 'data', value: JSON.stringify(submission()) }, { name: 'resume', filename: 'ok.png', content: files.png() }]), 400, '/resume'],
      [multipart([{ name: 'data', value: JSON.stringify(submission({ fields: { problemType: '售后服务' } })) }, { name: 'photos', filename: 'ok.png', content: files.png() }]), 400, '/fields/faultDescription'],
      [submission({ contact: { name: '匿名' } }), 400, '/contact/phone'],
      [submission({ contact: { phone: '12345' } }), 400, '/customer/phone'],
      [submission({ fields: { problemType: '售后服务', faultDescription: '坏了坏了坏了', contactPhone: 'abc' } }), 400, '/fields/contactPhone'],
      [submission({ asset: { id: '00000000-0000-4000-8000-000000000000', token: 'AAAAAAAAAAAAAAAAAAAAAA' } }), 400, '/asset/token'],
    ]
    for (const [body, status, field] of cases) {
      const res = 'payload' in body ? await portal('POST', `/api/portal/${a.slug}/tickets`, body.payload, body.headers as Record<string, string>) : await portal('POST', `/api/portal/${a.slug}/tickets`, body)
      expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(status)
      expect(res.body.details.map((d: { field: string }) => d.field), field).toContain(field)
    }
    expect(await counts(p, a.tenantId)).toEqual(before)
    expect(storedFiles(p.attachmentsDir).length).toBe(filesBefore)
  })

  describe('QR code on an asset', () => {
    it('the scanned link pre-fills asset and owner; the ticket is linked to both', async () => {
      const owner = await a.api('POST', '/api/customers', { name: '海底捞望京店', kind: 'company', phone: '010-64778899' })
      expect(owner.status, JSON.stringify(owner.body)).toBe(201)
      const asset = await a.api('POST', '/api/assets', { serial: 'SN-ICE-0042', model: '制冰机 IM-200', customerId: owner.body.customer.id })
      expect(asset.status, JSON.stringify(asset.body)).toBe(201)
      const { url } = (await a.api('GET', `/api/assets/${asset.body.id}/qr`)).body
      const link = new URL(url)
      const [assetId, t] = [link.searchParams.get('asset')!, link.searchParams.get('t')!]
      const form = await portal('GET', `/api/portal/${a.slug}/forms/after-sales?asset=${assetId}&t=${t}`)
      expect(form.body.asset).toMatchObject({ id: asset.body.id, serial: 'SN-ICE-0042' })
      expect((await portal('GET', `/api/portal/${a.slug}/forms/after-sales?asset=${assetId}&t=wrong`)).status).toBe(400)
      const res = await portal('POST', `/api/portal/${a.slug}/tickets`, submission({ description: '制冰机不出冰', contact: { name: '店长' }, asset: { id: assetId, token: t } }))
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      const ticket = (await a.api('GET', `/api/tickets?q=${res.body.number}`)).body.items[0]
      expect(ticket).toMatchObject({ assetId: asset.body.id, customerId: owner.body.customer.id, channel: 'portal' })
    })
  })

  it('a tenant that switched tickets off has no portal: forms, submissions and tracking links all 404', async () => {
    const b = await p.tenant()
    await setupType(b)
    expect((await portal('GET', `/api/portal/${b.slug}/forms/after-sales`)).status).toBe(200)
    const { trackingToken } = (await portal('POST', `/api/portal/${b.slug}/tickets`, submission())).body
    expect((await portal('GET', `/api/portal/track/${trackingToken}`)).status).toBe(200)
    expect((await b.api('PUT', '/api/plugins/tickets', { enabled: false })).status).toBe(200)
    expect((await portal('GET', `/api/portal/${b.slug}/forms/after-sales`)).status).toBe(404)
    expect((await portal('POST', `/api/portal/${b.slug}/tickets`, submission())).status).toBe(404)
    expect((await portal('GET', `/api/portal/track/${trackingToken}`)).status).toBe(404)
    expect((await portal('POST', `/api/portal/track/${trackingToken}/comments`, { body: '还在吗？' })).status).toBe(404)
    expect((await b.api('PUT', '/api/plugins/tickets', { enabled: true })).status).toBe(200)
    expect((await portal('GET', `/api/portal/track/${trackingToken}`)).status).toBe(200)
    // Tickets needs customers: switching that off closes the portal too, as it closes the API.
    expect((await b.api('PUT', '/api/plugins/customers', { enabled: false })).status).toBe(200)
    expect((await portal('GET', `/api/portal/${b.slug}/forms/after-sales`)).status).toBe(404)
    expect((await portal('GET', `/api/portal/track/${trackingToken}`)).status).toBe(404)
    expect((await b.api('GET', '/api/tickets')).status).toBe(404)
  })

  it('one tenant\'s slug never reaches another tenant\'s types, assets or tickets', async () => {
    const c = await p.tenant()
    await setupType(c, 'c-only')
    const asset = await c.api('POST', '/api/assets', { serial: 'SN-C-1', model: 'C 型号' })
    expect(asset.status, JSON.stringify(asset.body)).toBe(201)
    const { url } = (await c.api('GET', `/api/assets/${asset.body.id}/qr`)).body
    const t = new URL(url).searchParams.get('t')!
    expect((await portal('GET', `/api/portal/${c.slug}/forms/c-only`)).status).toBe(200)
    expect((await portal('GET', `/api/portal/${a.slug}/forms/c-only`)).status).toBe(404)
    expect((await portal('GET', `/api/portal/${a.slug}/forms/after-sales?asset=${asset.body.id}&t=${t}`)).status).toBe(400)
    const before = await counts(p, c.tenantId)
    const viaA = await portal('POST', `/api/portal/${a.slug}/tickets`, submission({ description: '借道 A 的入口', asset: { id: asset.body.id, token: t } }))
    expect(viaA.status).toBe(400)
    expect(await counts(p, c.tenantId)).toEqual(before)
    const mine = (await portal('POST', `/api/portal/${c.slug}/tickets`, submission({ typeKey: 'c-only', description: 'C 的报修' }))).body
    const track = await portal('GET', `/api/portal/track/${mine.trackingToken}`)
    expect(track.body.number).toBe(mine.number)
    const ticket = (await c.api('GET', `/api/tickets?q=${encodeURIComponent('C 的报修')}`)).body.items[0]
    expect(ticket.number).toBe(mine.number)
    expect((await a.api('GET', `/api/tickets/${ticket.id}`)).status).toBe(404)
  })

  it('public routes use their own platform\'s database, not the last one opened in the process', async () => {
    const other = await startTickets(kind)
    try {
      const stranger = await other.tenant()
      expect((await portal('GET', `/api/portal/${a.slug}/forms/after-sales`)).status).toBe(200)
      expect((await portal('GET', `/api/portal/${stranger.slug}/forms/after-sales`)).status).toBe(404)
    }
    finally { await other.close() }
  }, 180_000) // a second platform boots inside the test
})
