import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { decodeText } from './decode.js'
import { FileRejected, readSheet } from './read-file.js'
import { checkZip } from './zip-guard.js'

const limits = { maxRows: 1000, maxColumns: 20, maxUncompressedBytes: 10 * 1024 * 1024 }

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('工单')
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const rejection = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => (err instanceof FileRejected ? { status: err.status, message: err.message } : err))

describe('decodeText', () => {
  it('tells UTF-8 with and without BOM, UTF-16 and GBK apart', () => {
    const text = '标题,电话\r\n空调不制冷,13800138000\r\n'
    expect(decodeText(Buffer.concat([Buffer.from([0xEF, 0xBB, 0xBF]), Buffer.from(text)]))).toEqual({ text, encoding: 'utf-8' })
    expect(decodeText(Buffer.from(text))).toEqual({ text, encoding: 'utf-8' })
    expect(decodeText(Buffer.concat([Buffer.from([0xFF, 0xFE]), iconv.encode(text, 'utf-16le')]))).toEqual({ text, encoding: 'utf-16le' })
    expect(decodeText(iconv.encode(text, 'gbk'))).toEqual({ text, encoding: 'gb18030' })
  })
})

describe('readSheet', () => {
  it('reads the first XLSX sheet: numbers, dates, rich text and formulas as the text a cell shows; Excel row numbers', async () => {
    const file = await xlsx([
      ['标题', '数量', '日期', '备注'],
      ['空调不制冷', 3, new Date(Date.UTC(2026, 10, 30)), { richText: [{ text: '加' }, { text: '急' }] }],
      [],
      ['冰箱漏水', { formula: '1+1', result: 2 }, null, 'x'],
    ])
    const sheet = await readSheet('a.xlsx', file, limits)
    expect(sheet.columns).toEqual(['标题', '数量', '日期', '备注'])
    expect(sheet.rows).toEqual([
      { number: 2, cells: ['空调不制冷', '3', '2026-11-30', '加急'] },
      { number: 4, cells: ['冰箱漏水', '2', '', 'x'] },
    ])
  })

  it('keeps CSV row numbers across blank lines and quoted line breaks', async () => {
    const sheet = await readSheet('a.csv', Buffer.from('标题,描述\n"一","两\n行"\n\n三,四\n'), limits)
    expect(sheet.rows).toEqual([{ number: 2, cells: ['一', '两\n行'] }, { number: 4, cells: ['三', '四'] }])
  })

  it('refuses too many rows or columns (413), and CSV/XLSX content that does not match its extension (400)', async () => {
    const many = await xlsx([['标题'], ...Array.from({ length: 30 }, (_, i) => [`r${i}`])])
    expect(await rejection(readSheet('a.xlsx', many, { ...limits, maxRows: 20 }))).toMatchObject({ status: 413 })
    const wide = await xlsx([Array.from({ length: 25 }, (_, i) => `c${i}`)])
    expect(await rejection(readSheet('a.xlsx', wide, limits))).toMatchObject({ status: 413 })
    expect(await rejection(readSheet('a.csv', Buffer.from(`${Array.from({ length: 25 }, (_, i) => `c${i}`).join(',')}\n`), limits))).toMatchObject({ status: 413 })
    expect(await rejection(readSheet('a.csv', many, limits))).toMatchObject({ status: 400 })
    expect(await rejection(readSheet('a.xlsx', Buffer.from('a,b\n'), limits))).toMatchObject({ status: 400 })
    expect(await rejection(readSheet('a.csv', Buffer.from('"a,b\n'), limits))).toMatchObject({ status: 400 })
  })

  it('refuses a workbook that expands past the limit before inflating it (zip bomb)', async () => {
    // 20,000 identical long cells: a few KB compressed, megabytes inflated.
    const bomb = await xlsx([['标题'], ...Array.from({ length: 20_000 }, () => ['重复'.repeat(100)])])
    expect(bomb.length).toBeLessThan(1024 * 1024)
    expect(checkZip(bomb, { maxUncompressed: 1024 * 1024, maxEntries: 1000 })).toMatch(/expands to more than 1 MB/)
    expect(await rejection(readSheet('bomb.xlsx', bomb, { ...limits, maxRows: 100_000, maxUncompressedBytes: 1024 * 1024 }))).toMatchObject({ status: 413 })
    expect(checkZip(bomb, { maxUncompressed: 100 * 1024 * 1024, maxEntries: 3 })).toMatch(/too many entries/)
    expect(checkZip(Buffer.from('PK not really'), { maxUncompressed: 1, maxEntries: 1 })).toMatch(/not a zip/)
  })
})
