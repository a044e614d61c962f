import { api } from '../../api/client'
import { downloadFile } from '../../api/download'

// Shapes of plugins/settlement's /settlement/report routes. Money arrives in fen and as a yuan string
// formatted by the server with integer arithmetic; the page shows the string and never sums floats.

export interface DepartmentTotal {
  departmentId: string
  departmentKey: string
  departmentName: string
  lineCount: number
  totalFen: number
  totalYuan: string
}

export interface SettlementReport {
  departments: DepartmentTotal[]
  lineCount: number
  totalFen: number
  totalYuan: string
}

export interface SettlementLine {
  id: string
  ticketId: string
  ticketNumber: string
  departmentName: string
  ruleName: string
  formulaId: string
  amountFen: number
  amountYuan: string
  resolvedAt: string
}

export interface ReportRange { period: string, departmentId?: string }

export const settlementApi = {
  report: (q: ReportRange) => api.get<SettlementReport>('/settlement/report', { query: { ...q } }),
  lines: (q: ReportRange) => api.get<SettlementLine[]>('/settlement/report/lines', { query: { ...q, limit: 500 } }),
  export: (q: ReportRange, format: 'csv' | 'xlsx', lang: 'zh-CN' | 'en-US') => {
    const qs = new URLSearchParams({ period: q.period, lang, ...(q.departmentId ? { departmentId: q.departmentId } : {}) })
    return downloadFile(`/settlement/report/export.${format}?${qs}`, `settlement-${q.period}.${format}`)
  },
}
