import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { afterSalesTicket, counts, files, multipart, type Part, setupType, startTickets, storedFiles, type TicketsTestPlatform } from './test-helper.js'

describeDatabases('attachments', (kind) => {
  let p: TicketsTestPlatform
  let a: TestTenant
  const upload = (url: string, parts: Part[], t: TestTenant = a) => {
    const m = multipart(parts)
    return t.api('POST', url, m.payload, { headers: { ...m.headers, authorization: `Bearer ${t.token}` } })
  }

  beforeAll(async () => {
    p = await startTickets(kind)
    a = await p.tenant()
    await setupType(a)
  })
  afterAll(() => p?.close())

  it('types come from the content, not the client; downloads are attachments that never render as HTML', async () => {
    const res = await upload('/api/attachments', [
      { name: 'file', filename: '故障照片.png', type: 'text/html', content: files.png() },
      { name: 'file', filename: 'device.log', type: 'application/octet-stream', content: files.text() },
    ])
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.map((f: { contentType: string }) => f.contentType)).toEqual(['image/png', 'text/plain'])
    const png = await a.api('GET', `/api/attachments/${res.body[0].id}/content`)
    expect(png.status).toBe(200)
    expect(png.headers).toMatchObject({
      'content-type': 'image/png',
      'content-disposition': `attachment; filename="____.png"; filename*=UTF-8''${encodeURIComponent('故障照片.png')}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    })
    const raw = await p.app.inject({ method: 'GET', url: `/api/attachments/${res.body[0].id}/content`, headers: { authorization: `Bearer ${a.token}` } })
    expect(raw.rawPayload).toEqual(files.png())
    const log = await a.api('GET', `/api/attachments/${res.body[1].id}/content`)
    expect(log.headers['content-type']).toBe('text/plain; charset=utf-8')
  })

  it('uploads ahead of a ticket are attached by id (once); attachment fields accept only such ids', async () => {
    const [photo] = (await upload('/api/attachments', [{ name: 'file', filename: 'a.jpg', content: files.jpeg() }])).body
    const [other] = (await upload('/api/attachments', [{ name: 'file', filename: 'b.png', content: files.png() }])).body
    const t = await a.api('POST', '/api/tickets', afterSalesTicket({ attachmentIds: [other.id], fields: { ...afterSalesTicket().fields, photos: [photo.id] } }))
    expect(t.status, JSON.stringify(t.body)).toBe(201)
    const listed = (await a.api('GET', `/api/tickets/${t.body.id}/attachments`)).body
    expect(listed.map((f: { id: string }) => f.id).sort()).toEqual([photo.id, other.id].sort())
    const reuse = await a.api('POST', '/api/tickets', afterSalesTicket({ fields: { ...afterSalesTicket().fields, photos: [photo.id] } }))
    expect(reuse.status).toBe(400)
    expect(reuse.body.details[0].field).toBe('/fields/photos/0')
  })

  it('staff add files to a ticket; the timeline says who added what', async () => {
    const t = (await a.api('POST', '/api/tickets', afterSalesTicket())).body
    const res = await upload(`/api/tickets/${t.id}/attachments`, [{ name: 'file', filename: '维修单.pdf', content: Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj') }])
    expect(res.status).toBe(201)
    expect(res.body[0]).toMatchObject({ ticketId: t.id, contentType: 'application/pdf', filename: '维修单.pdf' })
    const events = (await a.api('GET', `/api/tickets/${t.id}/timeline`)).body.events
    expect(events.at(-1)).toMatchObject({ kind: 'attachments_added', actor: { id: a.id }, data: { filenames: ['维修单.pdf'] } })
  })

  it('oversize, wrong-type and misnamed uploads are refused naming the part; nothing is stored', async () => {
    const before = await counts(p, a.tenantId)
    const filesBefore = storedFiles(p.attachmentsDir).length
    const t = (await a.api('POST', '/api/tickets', afterSalesTicket())).body
    const after = await counts(p, a.tenantId)
    const cases: Array<[string, Part[], number, string]> = [
      ['/api/attachments', [{ name: 'file', filename: 'big.png', content: files.png(64 * 1024 + 1) }], 413, '/file/0'],
      ['/api/attachments', [{ name: 'file', filename: 'ok.png', content: files.png() }, { name: 'file', filename: 'x.jpg', type: 'image/jpeg', content: files.html() }], 415, '/file/1'],
      ['/api/attachments', [{ name: 'file', filename: 'setup.exe', content: files.exe() }], 415, '/file/0'],
      ['/api/attachments', [{ name: 'file', filename: 'empty.png', content: Buffer.alloc(0) }], 415, '/file/0'],
      ['/api/attachments', [0, 1, 2, 3].map(i => ({ name: 'file', filename: `${i}.png`, content: files.png() })), 413, '/file/3'],
      ['/api/attachments', [{ name: 'upload', filename: 'ok.png', content: files.png() }], 400, '/upload'],
      [`/api/tickets/${t.id}/attachments`, [{ name: 'file', filename: 'x.svg', content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') }], 415, '/file/0'],
    ]
    for (const [url, parts, status, field] of cases) {
      const res = await upload(url, parts)
      expect(res.status, `${field} ${JSON.stringify(res.body)}`).toBe(status)
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field)
    }
    expect((await a.api('POST', '/api/attachments', { file: 'x' })).status).toBe(415)
    expect(await counts(p, a.tenantId)).toEqual({ ...after, ticket_attachments: before.ticket_attachments })
    expect(storedFiles(p.attachmentsDir).length).toBe(filesBefore)
  })
})
