import type { TestPlatform, TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { beijingMonth } from './facts.js'
import { createRule, createTicket, setStatus, setupTenant, startSettlementPlatform } from './platform.test-helper.js'

/** "1,234.56" / "1234.56" yuan → fen, by string arithmetic (never through a float). */
const yuanToFen = (s: string) => {
  const [i, d = ''] = s.replace(/,/g, '').split('.')
  return Number(i) * 100 + Number(d.padEnd(2, '0'))
}

describeDatabases('settlement reconciliation report', (kind) => {
  let p: TestPlatform
  let t: TestTenant
  let ids: Awaited<ReturnType<typeof setupTenant>>
  const period = beijingMonth(new Date())
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
  let expected: { service: number, logistics: number }

  beforeAll(async () => {
    p = await startSettlementPlatform(kind)
    t = await p.tenant()
    ids = await setupTenant(t)
    await createRule(t, { name: '=工时', ticketTypeId: ids.typeId, departmentId: ids.service, formulaId: 'labour.hourly', params: { rateFen: 3333 }, inputs: { hours: { field: 'hours' } } })
    await createRule(t, { name: '里程', ticketTypeId: ids.typeId, departmentId: ids.logistics, formulaId: 'logistics.distance', params: { baseFen: 1999, tiers: [{ upToKm: 10, perKmFen: 317 }, { perKmFen: 203 }] }, inputs: { km: { field: 'km' } } })
    const tickets: Array<[number, number]> = [[1.25, 3.3], [0.1, 17.77], [7, 0], [2.5, 123.45]]
    expected = { service: 0, logistics: 0 }
    for (const [hours, km] of tickets) {
      const ticket = await createTicket(t, { hours, km })
      await setStatus(t, ticket.id, 'resolved')
    }
    // The same amounts, computed here independently of the formulas.
    const half = (x: number) => Math.floor(Number(x.toPrecision(15)) + 0.5)
    for (const [hours, km] of tickets) {
      expected.service += half(half(hours * 60) * 3333 / 60)
      expected.logistics += 1999 + half(Math.min(km, 10) * 317 + Math.max(0, km - 10) * 203)
    }
  }, 120_000)
  afterAll(async () => { await p?.close() })

  it('totals and counts per department equal the sum of the drill-down lines', async () => {
    const report = await t.api('GET', `/api/settlement/report?period=${period}`)
    expect(report.status, JSON.stringify(report.body)).toBe(200)
    const byKey = Object.fromEntries(report.body.departments.map((d: any) => [d.departmentKey, d]))
    expect(byKey.service).toMatchObject({ lineCount: 4, totalFen: expected.service })
    expect(byKey.logistics).toMatchObject({ lineCount: 4, totalFen: expected.logistics })
    expect(report.body.totalFen).toBe(expected.service + expected.logistics)
    expect(report.body.totalYuan).toBe(`${Math.floor(report.body.totalFen / 100)}.${String(report.body.totalFen % 100).padStart(2, '0')}`)

    const lines = await t.api('GET', `/api/settlement/report/lines?period=${period}&departmentId=${ids.logistics}`)
    expect(lines.status).toBe(200)
    expect(lines.body).toHaveLength(4)
    expect(lines.body.reduce((s: number, l: any) => s + l.amountFen, 0)).toBe(byKey.logistics.totalFen)
    expect(lines.body.every((l: any) => l.ticketNumber && l.departmentName === '物流部')).toBe(true)

    const range = await t.api('GET', `/api/settlement/report?from=${today}&to=${today}`)
    expect(range.body.totalFen).toBe(report.body.totalFen)
    const before = await t.api('GET', '/api/settlement/report?from=2020-01-01&to=2020-12-31')
    expect(before.body).toMatchObject({ departments: [], lineCount: 0, totalFen: 0 })
  })

  it('CSV: UTF-8 with BOM, yuan with two decimals, totals equal to the report', async () => {
    const report = (await t.api('GET', `/api/settlement/report?period=${period}`)).body
    const res = await t.api('GET', `/api/settlement/report/export.csv?period=${period}`)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/text\/csv; charset=utf-8/)
    const text = res.body as string
    expect(text.charCodeAt(0)).toBe(0xFEFF)
    const rows = text.slice(1).trimEnd().split('\r\n').map(r => r.split(','))
    expect(rows[0]).toEqual(['部门', '工单号', '规则', '公式', '期间', '解决时间（北京时间）', '金额（元）'])
    const lineRows = rows.slice(1, rows.findIndex(r => r.length === 1 && r[0] === ''))
    expect(lineRows).toHaveLength(8)
    expect(lineRows.every(r => /^\d+\.\d{2}$/.test(r[6]))).toBe(true)
    expect(lineRows.find(r => r[1] && r[3] === '按工时计费')?.[2]).toBe('\'=工时') // no formula injection into Excel
    expect(lineRows.reduce((s, r) => s + yuanToFen(r[6]), 0)).toBe(report.totalFen)
    const total = rows.find(r => r[0] === '总计')!
    expect(yuanToFen(total[6])).toBe(report.totalFen)
    expect(Number(total[2])).toBe(report.lineCount)
    for (const d of report.departments) expect(yuanToFen(rows.find(r => r[0] === '小计' && r[1] === d.departmentName)![6])).toBe(d.totalFen)
    const en = await t.api('GET', `/api/settlement/report/export.csv?period=${period}&lang=en-US`)
    expect((en.body as string).slice(1, 30)).toBe('Department,Ticket,Rule,Formul')
  })

  it('XLSX: numeric money cells in a yuan format whose totals equal the report', async () => {
    const report = (await t.api('GET', `/api/settlement/report?period=${period}`)).body
    const res = await p.app.inject({ method: 'GET', url: `/api/settlement/report/export.xlsx?period=${period}`, headers: { authorization: `Bearer ${t.token}` } })
    expect(res.statusCode).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const summary = wb.getWorksheet('汇总')!
    const lines = wb.getWorksheet('明细')!
    const fen = (v: unknown) => { expect(typeof v).toBe('number'); return Math.round((v as number) * 100) }
    let sum = 0
    lines.eachRow((row, n) => {
      if (n === 1) return
      expect(row.getCell(7).numFmt).toBe('"¥"#,##0.00')
      sum += fen(row.getCell(7).value)
    })
    expect(sum).toBe(report.totalFen)
    const rows: unknown[][] = []
    summary.eachRow(row => rows.push((row.values as unknown[]).slice(1)))
    expect(rows.at(-1)![0]).toBe('总计')
    expect(fen(rows.at(-1)![2])).toBe(report.totalFen)
    for (const d of report.departments) expect(fen(rows.find(r => r[0] === d.departmentName)![2])).toBe(d.totalFen)
  })

  it('bad ranges are 400 naming the field; other tenants\' departments are 404; agents may not export', async () => {
    for (const [query, field] of [['', '/period'], ['period=2026-13', '/period'], ['from=2026-01-01', '/period'], ['from=2026-1-1&to=2026-01-31', '/from'], ['from=2026-02-01&to=2026-01-31', '/to'], [`period=${period}&from=2026-01-01&to=2026-01-02`, '/period']]) {
      const r = await t.api('GET', `/api/settlement/report?${query}`)
      expect(r.status, query).toBe(400)
      expect(JSON.stringify(r.body.details ?? r.body.message), query).toContain(field.slice(1))
    }
    const other = await p.tenant()
    const theirs = await other.api('POST', '/api/org/departments', { key: 'x', name: '别家' })
    expect((await t.api('GET', `/api/settlement/report?period=${period}&departmentId=${theirs.body.id}`)).status).toBe(404)
    expect((await other.api('GET', `/api/settlement/report?period=${period}`)).body).toMatchObject({ departments: [], totalFen: 0 })
    expect((await other.api('GET', `/api/settlement/report/lines?period=${period}`)).body).toEqual([])
    const agent = await t.user('agent')
    expect((await agent.api('GET', `/api/settlement/report/export.csv?period=${period}`)).status).toBe(403)
  })
})
