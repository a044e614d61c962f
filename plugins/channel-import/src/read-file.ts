import { Readable } from 'node:stream'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { decodeText } from './decode.js'
import { checkZip } from './zip-guard.js'

export interface ReadLimits {
  maxRows: number
  maxColumns: number
  /** XLSX only: what the archive may expand to. */
  maxUncompressedBytes: number
}

export interface SheetRow {
  /** The row number a person sees in Excel (the header is row 1). */
  number: number
  cells: string[]
}

export interface Sheet {
  format: 'csv' | 'xlsx'
  encoding?: string
  columns: string[]
  rows: SheetRow[]
}

/** A file we refuse: `status` 413 for limits, 400 for what cannot be read. */
export class FileRejected extends Error {
  constructor(readonly status: 400 | 413, message: string) { super(message) }
}

export function formatOf(filename: string, bytes: Buffer): 'csv' | 'xlsx' | undefined {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4B
  if (/\.xlsx$/i.test(filename)) return zip ? 'xlsx' : undefined
  if (/\.(csv|txt)$/i.test(filename)) return zip ? undefined : 'csv'
  return undefined
}

/** Header and data rows of the first sheet; blank rows are dropped but keep their numbering. */
export async function readSheet(filename: string, bytes: Buffer, limits: ReadLimits): Promise<Sheet> {
  const format = formatOf(filename, bytes)
  if (!format) throw new FileRejected(400, 'only .csv and .xlsx files can be imported (and the content must match the extension)')
  const sheet = format === 'csv' ? readCsv(bytes, limits) : await readXlsx(bytes, limits)
  if (!sheet.columns.some(c => c !== '')) throw new FileRejected(400, 'the first row must name the columns')
  return sheet
}

function readCsv(bytes: Buffer, limits: ReadLimits): Sheet {
  const { text, encoding } = decodeText(bytes)
  let records: string[][]
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, to: limits.maxRows + 2 }) as string[][]
  }
  catch (err) {
    throw new FileRejected(400, `the CSV cannot be read: ${(err as Error).message}`)
  }
  return toSheet('csv', records.map((cells, i) => ({ number: i + 1, cells })), limits, encoding)
}

async function readXlsx(bytes: Buffer, limits: ReadLimits): Promise<Sheet> {
  const zipProblem = checkZip(bytes, { maxUncompressed: limits.maxUncompressedBytes, maxEntries: 1000 })
  if (zipProblem) throw new FileRejected(zipProblem.includes('expands') || zipProblem.includes('too many') ? 413 : 400, zipProblem)
  const rows: SheetRow[] = []
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' })
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as unknown[]).slice(1)
        if (values.length > limits.maxColumns) throw new FileRejected(413, `row ${row.number} has more than ${limits.maxColumns} columns`)
        rows.push({ number: row.number, cells: Array.from(values, cellText) })
        if (rows.length > limits.maxRows + 1) throw new FileRejected(413, `more than ${limits.maxRows} rows`)
      }
      break // the first sheet only
    }
  }
  catch (err) {
    if (err instanceof FileRejected) throw err
    throw new FileRejected(400, `the XLSX cannot be read: ${(err as Error).message}`)
  }
  return toSheet('xlsx', rows, limits)
}

function toSheet(format: 'csv' | 'xlsx', all: SheetRow[], limits: ReadLimits, encoding?: string): Sheet {
  const [header, ...data] = all
  if (!header) throw new FileRejected(400, 'the file is empty')
  const width = Math.max(header.cells.length, ...data.slice(0, 1000).map(r => r.cells.length))
  if (width > limits.maxColumns) throw new FileRejected(413, `more than ${limits.maxColumns} columns`)
  const rows = data.filter(r => r.cells.some(c => c.trim() !== ''))
  if (rows.length > limits.maxRows) throw new FileRejected(413, `more than ${limits.maxRows} rows`)
  return { format, encoding, columns: header.cells.map(c => c.trim()), rows }
}

/** What a cell shows, as text: the import treats every cell the same way whatever the format. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (v instanceof Date) {
    const iso = v.toISOString()
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso
  }
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>, result?: unknown, text?: unknown, error?: string }
    if (o.richText) return o.richText.map(r => r.text).join('')
    if ('result' in o) return cellText(o.result)
    if (o.text !== undefined) return cellText(o.text)
    if (o.error) return ''
  }
  return String(v)
}
