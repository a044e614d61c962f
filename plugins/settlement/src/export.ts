import ExcelJS from 'exceljs'
import { fenToYuan, sumFen } from './money.js'
import type { DepartmentTotal, ReportLine } from './report.js'

export type ExportLang = 'zh-CN' | 'en-US'

const LABELS = {
  'zh-CN': {
    lines: '明细', summary: '汇总', department: '部门', ticket: '工单号', rule: '规则', formula: '公式', period: '期间',
    resolvedAt: '解决时间（北京时间）', amount: '金额（元）', count: '笔数', subtotal: '小计', total: '总计',
  },
  'en-US': {
    lines: 'Lines', summary: 'Summary', department: 'Department', ticket: 'Ticket', rule: 'Rule', formula: 'Formula', period: 'Period',
    resolvedAt: 'Resolved at (Beijing time)', amount: 'Amount (yuan)', count: 'Lines', subtotal: 'Subtotal', total: 'Total',
  },
} as const

/** What an export holds: the lines and the per-department totals computed from those very lines. */
export interface ExportData {
  lines: ReportLine[]
  /** Formula id → its name in the export's language. */
  formulaNames: Map<string, string>
  lang: ExportLang
}

/** Totals recomputed from the exported lines by integer arithmetic, so the file adds up by construction. */
export function exportTotals(lines: ReportLine[]): { departments: Array<Pick<DepartmentTotal, 'departmentId' | 'departmentName' | 'lineCount' | 'totalFen'>>, totalFen: number } {
  const byDept = new Map<string, { departmentId: string, departmentName: string, fen: number[] }>()
  for (const l of lines) {
    const d = byDept.get(l.departmentId) ?? { departmentId: l.departmentId, departmentName: l.departmentName, fen: [] }
    d.fen.push(l.amountFen)
    byDept.set(l.departmentId, d)
  }
  const departments = [...byDept.values()].map(d => ({ departmentId: d.departmentId, departmentName: d.departmentName, lineCount: d.fen.length, totalFen: sumFen(d.fen) }))
  return { departments, totalFen: sumFen(departments.map(d => d.totalFen)) }
}

const beijingTime = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19)

// A cell starting with = + - @ (or tab / CR) is a formula to Excel: CSV injection. Prefix a quote.
const safeText = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s)
const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

function lineRow(d: ExportData, l: ReportLine): string[] {
  return [safeText(l.departmentName), l.ticketNumber, safeText(l.ruleName), safeText(d.formulaNames.get(l.formulaId) ?? l.formulaId), l.period, beijingTime(l.resolvedAt)]
}

/** UTF-8 with a BOM (Excel on Windows otherwise reads GBK); amounts are yuan with two decimals from fen. */
export function toCsv(d: ExportData): string {
  const L = LABELS[d.lang]
  const rows: string[][] = [[L.department, L.ticket, L.rule, L.formula, L.period, L.resolvedAt, L.amount]]
  for (const l of d.lines) rows.push([...lineRow(d, l), fenToYuan(l.amountFen)])
  const totals = exportTotals(d.lines)
  rows.push([])
  rows.push([L.subtotal, L.department, L.count, '', '', '', L.amount])
  for (const t of totals.departments) rows.push([L.subtotal, safeText(t.departmentName), String(t.lineCount), '', '', '', fenToYuan(t.totalFen)])
  rows.push([L.total, '', String(d.lines.length), '', '', '', fenToYuan(totals.totalFen)])
  return `\uFEFF${rows.map(r => r.map(csvCell).join(',')).join('\r\n')}\r\n`
}

const YUAN = '"¥"#,##0.00'

/** Two sheets (summary, lines); money cells are numbers in yuan with a yuan format, totals written as values. */
export async function toXlsx(d: ExportData): Promise<Buffer> {
  const L = LABELS[d.lang]
  const wb = new ExcelJS.Workbook()
  wb.created = new Date(0)
  const totals = exportTotals(d.lines)

  const summary = wb.addWorksheet(L.summary)
  summary.columns = [{ header: L.department, width: 24 }, { header: L.count, width: 10 }, { header: L.amount, width: 18 }]
  for (const t of totals.departments) summary.addRow([safeText(t.departmentName), t.lineCount, Number(fenToYuan(t.totalFen))])
  summary.addRow([L.total, d.lines.length, Number(fenToYuan(totals.totalFen))]).font = { bold: true }
  summary.getColumn(3).numFmt = YUAN

  const sheet = wb.addWorksheet(L.lines)
  sheet.columns = [L.department, L.ticket, L.rule, L.formula, L.period, L.resolvedAt, L.amount].map((header, i) => ({ header, width: i === 5 ? 22 : 16 }))
  for (const l of d.lines) sheet.addRow([...lineRow(d, l), Number(fenToYuan(l.amountFen))])
  sheet.getColumn(7).numFmt = YUAN
  for (const ws of [summary, sheet]) ws.getRow(1).font = { bold: true }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
