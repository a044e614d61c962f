import { describeDatabases } from '@scrm/store/testing'
import type { TestTenant } from '@scrm/server/testing'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { count, csv, type ImportPlatform, setupRepairType, startImportPlatform, upload, waitForJob } from './import-platform.test-helper.js'

const HEADER = ['外部编号', '标题', '联系电话', '产品', '数量', '客户姓名', '手机', '费用']
const good = (i: number) => [`R-${i}`, `空调不制冷 ${i}`, '13800138000', '空调', '2', `客户${i}`, `1390000${String(i).padStart(4, '0')}`, '12.5']

describeDatabases('batch import over HTTP', (kind) => {
  let ip: ImportPlatform
  let a: TestTenant
  let b: TestTenant
  const state = async (t: TestTenant) => ({ tickets: await count(ip.p, 'tickets', t.tenantId), customers: await count(ip.p, 'customers', t.tenantId), rows: await count(ip.p, 'import_rows', t.tenantId) })

  beforeAll(async () => {
    ip = await startImportPlatform(kind, { maxBytes: 64 * 1024, maxRows: 500 })
    a = await ip.p.tenant()
    b = await ip.p.tenant()
    await setupRepairType(a)
    await setupRepairType(b)
  })
  afterAll(async () => { await ip?.close() })

  it('proposes a mapping from zh/en labels and keys, dry-runs without writing, lists bad rows by Excel row number', async () => {
    const file = csv([HEADER, good(1), ['R-2', '', 'not a phone', '空调', '2', '', '', ''], ['R-3', '冰箱漏水', '13800138000', '洗衣机', '0', '', '12345', ''], good(4)])
    const up = await upload(a, '报修.csv', Buffer.from(`\uFEFF${file}`, 'utf8'), 'repair', 'text/csv')
    expect(up.status, JSON.stringify(up.body)).toBe(201)
    expect(up.body.job).toMatchObject({ status: 'uploaded', total: 4, format: 'csv', columns: HEADER })
    expect(up.body.mapping).toEqual({
      '外部编号': 'rowKey', '标题': 'title', '联系电话': 'fields.contactPhone', '产品': 'fields.product', '数量': 'fields.quantity',
      '客户姓名': 'customer.name', '手机': 'customer.phone', '费用': 'fields.fee',
    })
    const before = await state(a)
    const dry = await a.api('POST', `/api/imports/${up.body.job.id}/dry-run`, { mapping: up.body.mapping })
    expect(dry.status, JSON.stringify(dry.body)).toBe(200)
    expect(dry.body).toMatchObject({ total: 4, valid: 2, failed: 2, duplicates: 0 })
    const at = (row: number) => dry.body.errors.filter((e: any) => e.row === row).map((e: any) => `${e.column}|${e.field}`).sort()
    expect(at(3)).toEqual(['标题|title', '联系电话|fields.contactPhone'])
    expect(at(4)).toEqual(['产品|fields.product', '手机|customer.phone', '数量|fields.quantity'])
    expect(dry.body.errors.every((e: any) => e.reason['zh-CN'].length > 1 && e.reason['en-US'].length > 3)).toBe(true)
    expect(dry.body.errors.find((e: any) => e.row === 3 && e.field === 'title').reason).toEqual({ 'zh-CN': '必填', 'en-US': 'is required' })
    expect(await state(a)).toEqual(before)
    expect((await a.api('GET', `/api/imports/${up.body.job.id}`)).body.status).toBe('uploaded')
  })

  it('imports good rows with channel import, skips and lists bad ones; the same file again creates nothing', async () => {
    const file = Buffer.from(csv([HEADER, good(11), ['R-12', '无电话', '', '空调', '', '', '', ''], good(13), good(13)]))
    const first = await upload(a, 'a.csv', file)
    const before = await state(a)
    const run = await a.api('POST', `/api/imports/${first.body.job.id}/run`, { mapping: first.body.mapping })
    expect(run.status, JSON.stringify(run.body)).toBe(202)
    const { job } = await waitForJob(a, first.body.job.id)
    expect(job).toMatchObject({ status: 'done', total: 4, done: 4, created: 2, failed: 1, duplicates: 1 })
    // Kept while it may be read again (dry run, resume), removed once done.
    expect(existsSync(join(ip.dir, a.tenantId, `${job.id}.csv`))).toBe(false)
    expect(existsSync(join(ip.dir, a.tenantId, `${(await upload(a, 'kept.csv', file)).body.job.id}.csv`))).toBe(true)
    expect(job.errors).toEqual([{ row: 3, column: '联系电话', field: 'fields.contactPhone', reason: { 'zh-CN': expect.any(String), 'en-US': expect.any(String) } }])
    expect(await state(a)).toEqual({ tickets: before.tickets + 2, customers: before.customers + 2, rows: before.rows + 2 })
    const tickets = await ip.p.db.knex('tickets').where({ tenant_id: a.tenantId, channel: 'import' }).whereIn('title', ['空调不制冷 11', '空调不制冷 13'])
    expect(tickets).toHaveLength(2)
    expect(tickets.find(t => t.title === '空调不制冷 11')!.fields).toEqual({ contactPhone: '+8613800138000', product: 'ac', quantity: 2, fee: 1250 })
    const keys = await ip.p.db.knex('import_rows').where({ tenant_id: a.tenantId, job_id: job.id }).orderBy('row_number').select('row_key', 'row_number')
    expect(keys).toEqual([{ row_key: 'k:R-11', row_number: 2 }, { row_key: 'k:R-13', row_number: 4 }])

    const again = await upload(a, 'a (1).csv', file)
    const dry = await a.api('POST', `/api/imports/${again.body.job.id}/dry-run`, { mapping: again.body.mapping })
    expect(dry.body).toMatchObject({ valid: 3, duplicates: 3 })
    await a.api('POST', `/api/imports/${again.body.job.id}/run`, { mapping: again.body.mapping })
    const second = await waitForJob(a, again.body.job.id)
    expect(second.job).toMatchObject({ status: 'done', created: 0, duplicates: 3, failed: 1 })
    expect((await state(a)).tickets).toBe(before.tickets + 2)
    expect((await a.api('POST', `/api/imports/${again.body.job.id}/run`, { mapping: again.body.mapping })).status).toBe(409)
  })

  it('without a key column, rows are keyed by their content: reordered columns are still the same rows', async () => {
    const rows = [['标题', '联系电话', '产品'], ['无键 1', '13800138000', 'ac'], ['无键 2', '13800138001', '冰箱']]
    const one = await upload(a, 'nokey.csv', Buffer.from(csv(rows)))
    await a.api('POST', `/api/imports/${one.body.job.id}/run`, { mapping: one.body.mapping })
    expect((await waitForJob(a, one.body.job.id)).job).toMatchObject({ created: 2 })
    const swapped = rows.map(r => [r[2], r[0], ` ${r[1]} `])
    const two = await upload(a, 'nokey-2.csv', Buffer.from(csv(swapped)))
    await a.api('POST', `/api/imports/${two.body.job.id}/run`, { mapping: two.body.mapping })
    expect((await waitForJob(a, two.body.job.id)).job).toMatchObject({ created: 0, duplicates: 2 })
  })

  it('decodes a GBK CSV (Excel in China) and takes an explicit mapping', async () => {
    const text = csv([['单号', '主题', '电话号码', '机型'], ['G-1', '冰箱不制冷', '13800138000', '冰箱']])
    const gbk = iconv.encode(text, 'gbk')
    expect(gbk.equals(Buffer.from(text))).toBe(false)
    const up = await upload(a, 'gbk.csv', gbk)
    expect(up.status, JSON.stringify(up.body)).toBe(201)
    expect(up.body.encoding).toBe('gb18030')
    expect(up.body.job.columns).toEqual(['单号', '主题', '电话号码', '机型'])
    const mapping = { '单号': 'rowKey', '主题': 'title', '电话号码': 'fields.contactPhone', '机型': 'fields.product' }
    expect((await a.api('POST', `/api/imports/${up.body.job.id}/dry-run`, { mapping })).body).toMatchObject({ valid: 1, failed: 0 })
    await a.api('POST', `/api/imports/${up.body.job.id}/run`, { mapping })
    expect((await waitForJob(a, up.body.job.id)).job).toMatchObject({ status: 'done', created: 1 })
    const ticket = await ip.p.db.knex('tickets').where({ tenant_id: a.tenantId, title: '冰箱不制冷' }).first()
    expect(ticket.fields.product).toBe('fridge')
  })

  it('imports an XLSX: numbers and option labels become field values', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('工单')
    ws.addRow(['Title', 'Contact phone', 'Product', 'Quantity', 'Priority', 'Customer email'])
    ws.addRow(['Fridge leaks', '13800138002', 'Fridge', 3, '紧急', 'X@Example.com'])
    ws.addRow(['Too many', '13800138003', 'ac', 101, 'low', ''])
    const up = await upload(a, 'book.xlsx', Buffer.from(await wb.xlsx.writeBuffer()), 'repair', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(up.status, JSON.stringify(up.body)).toBe(201)
    expect(up.body.mapping).toEqual({ 'Title': 'title', 'Contact phone': 'fields.contactPhone', 'Product': 'fields.product', 'Quantity': 'fields.quantity', 'Priority': 'priority', 'Customer email': 'customer.email' })
    expect(up.body.preview[0]).toEqual({ number: 2, cells: ['Fridge leaks', '13800138002', 'Fridge', '3', '紧急', 'X@Example.com'] })
    await a.api('POST', `/api/imports/${up.body.job.id}/run`, { mapping: up.body.mapping })
    const { job } = await waitForJob(a, up.body.job.id)
    expect(job).toMatchObject({ status: 'done', format: 'xlsx', created: 1, failed: 1 })
    expect(job.errors).toEqual([expect.objectContaining({ row: 3, column: 'Quantity', field: 'fields.quantity' })])
    const ticket = await ip.p.db.knex('tickets').where({ tenant_id: a.tenantId, title: 'Fridge leaks' }).first()
    expect(ticket).toMatchObject({ channel: 'import', priority: 'urgent', fields: { contactPhone: '+8613800138002', product: 'fridge', quantity: 3 } })
    expect(ticket.customer_id).toBeTruthy()
  })

  it('refuses a mapping that leaves out the title, names unknown targets or fills one twice (400 naming the field)', async () => {
    const up = await upload(a, 'm.csv', Buffer.from(csv([HEADER, good(30)])))
    const id = up.body.job.id
    const noTitle = await a.api('POST', `/api/imports/${id}/dry-run`, { mapping: { '外部编号': 'rowKey' } })
    expect(noTitle.status).toBe(400)
    expect(noTitle.body.details).toEqual([expect.objectContaining({ field: '/mapping' })])
    const bad = await a.api('POST', `/api/imports/${id}/run`, { mapping: { '标题': 'title', '数量': 'fields.nope', '外部编号': 'title', '没有': null } })
    expect(bad.status).toBe(400)
    expect(bad.body.details.map((d: any) => d.field).sort()).toEqual(['/mapping/外部编号', '/mapping/数量', '/mapping/没有'])
    expect((await a.api('GET', `/api/imports/${id}`)).body.status).toBe('uploaded')
  })

  it('refuses oversize, unreadable and mislabelled files with 4xx JSON and keeps nothing', async () => {
    const jobs = await count(ip.p, 'import_jobs', a.tenantId)
    const big = await upload(a, 'big.csv', Buffer.alloc(65 * 1024, 0x41))
    expect(big.status).toBe(413)
    expect(big.body).toMatchObject({ error: expect.any(String), message: expect.any(String) })
    const tooMany = await upload(a, 'rows.csv', Buffer.from(csv([HEADER, ...Array.from({ length: 501 }, (_, i) => good(1000 + i))])))
    expect(tooMany.status).toBe(413)
    expect(tooMany.body.details[0].field).toBe('/file')
    const fakeXlsx = await upload(a, 'x.xlsx', Buffer.from('标题\n一'))
    expect(fakeXlsx.status).toBe(400)
    const exe = await upload(a, 'x.exe', Buffer.from('MZ...'))
    expect(exe.status).toBe(400)
    const brokenZip = await upload(a, 'broken.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 1)]))
    expect(brokenZip.status).toBe(400)
    const empty = await upload(a, 'empty.csv', Buffer.from('\n\n'))
    expect(empty.status).toBe(400)
    const dupColumns = await upload(a, 'dup.csv', Buffer.from(csv([['标题', '标题'], ['a', 'b']])))
    expect(dupColumns.status).toBe(400)
    const noType = await upload(a, 'a.csv', Buffer.from(csv([HEADER, good(1)])), 'no-such-type')
    expect(noType.status).toBe(400)
    expect(noType.body.details[0].field).toBe('/typeKey')
    for (const r of [big, tooMany, fakeXlsx, exe, brokenZip, empty, dupColumns, noType]) expect(r.body.details?.length, JSON.stringify(r.body)).toBeGreaterThan(0)
    expect(await count(ip.p, 'import_jobs', a.tenantId)).toBe(jobs)
  })

  it('answers 404 for another tenant\'s import, and lists only the caller\'s history', async () => {
    const up = await upload(a, 'mine.csv', Buffer.from(csv([HEADER, good(40)])))
    const id = up.body.job.id
    expect((await b.api('GET', `/api/imports/${id}`)).status).toBe(404)
    expect((await b.api('GET', `/api/imports/${id}/mapping`)).status).toBe(404)
    expect((await b.api('POST', `/api/imports/${id}/dry-run`, { mapping: up.body.mapping })).status).toBe(404)
    expect((await b.api('POST', `/api/imports/${id}/run`, { mapping: up.body.mapping })).status).toBe(404)
    expect((await b.api('POST', `/api/imports/${id}/cancel`)).status).toBe(404)
    expect((await b.api('GET', '/api/imports')).body.items.map((j: any) => j.id)).not.toContain(id)
    expect((await a.api('GET', '/api/imports')).body.items.map((j: any) => j.id)).toContain(id)
    const agent = await a.user('agent')
    expect((await agent.api('GET', `/api/imports/${id}`)).status).toBe(403)
  })

  it('cancels an import that has not run; a cancelled import cannot be started', async () => {
    const up = await upload(a, 'c.csv', Buffer.from(csv([HEADER, good(50)])))
    const id = up.body.job.id
    const c = await a.api('POST', `/api/imports/${id}/cancel`)
    expect(c.status).toBe(200)
    expect(c.body.status).toBe('cancelled')
    expect(existsSync(join(ip.dir, a.tenantId, `${id}.csv`))).toBe(false)
    expect((await a.api('POST', `/api/imports/${id}/run`, { mapping: up.body.mapping })).status).toBe(409)
    expect((await a.api('POST', `/api/imports/${id}/cancel`)).status).toBe(409)
  })
})
