import { errors, requireRole, Uuid } from '@scrm/kernel'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import type { SettlementDeps } from '../deps.js'
import { type ExportLang, toCsv, toXlsx } from '../export.js'
import { listFormulas } from '../formulas/catalog.js'
import { departmentTotals, type ReportQuery, reportLines } from '../report.js'

const tags = ['settlement']
// Reconciliation is finance's and supervisors' business, not every agent's.
const canReport = requireRole('admin', 'supervisor')

const range = {
  period: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'month of resolution, Beijing time' })),
  from: Type.Optional(Type.String({ description: 'first Beijing day YYYY-MM-DD (with to)' })),
  to: Type.Optional(Type.String({ description: 'last Beijing day YYYY-MM-DD, inclusive' })),
  departmentId: Type.Optional(Uuid),
}
const ReportQuerySchema = Type.Object(range, { additionalProperties: false })
const LinesQuery = Type.Object({ ...range, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false })
const ExportQuery = Type.Object({ ...range, lang: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en-US')])) }, { additionalProperties: false })

const Totals = Type.Object({
  departments: Type.Array(Type.Object({
    departmentId: Type.String(), departmentKey: Type.String(), departmentName: Type.String(), lineCount: Type.Integer(), totalFen: Type.Integer(), totalYuan: Type.String(),
  })),
  lineCount: Type.Integer(), totalFen: Type.Integer(), totalYuan: Type.String(),
})

const fileName = (q: ReportQuery) => `settlement-${q.period ?? `${q.from}_${q.to}`}`

/** `/api/settlement/report`: totals per department, the lines behind them, and CSV / XLSX exports of both. */
export function reportRoutes(deps: SettlementDeps): FastifyPluginAsync {
  return async (app) => {
    app.addHook('preHandler', canReport)

    app.get('/', { schema: { tags, summary: 'Totals and line counts per department for a month or a date range', querystring: ReportQuerySchema, response: { 200: Totals, ...errors(400, 403, 404) } } }, async request =>
      departmentTotals(request.scope, request.query as ReportQuery))

    app.get('/lines', { schema: { tags, summary: 'The settlement lines behind the report (drill-down)', querystring: LinesQuery, response: { 200: Type.Array(Type.Object({}, { additionalProperties: true })), ...errors(400, 403, 404) } } }, async (request) => {
      const { limit, offset, ...q } = request.query as ReportQuery & { limit?: number, offset?: number }
      return reportLines(request.scope, q, { limit: limit ?? 500, offset })
    })

    const exportData = async (scope: Parameters<typeof reportLines>[0], query: ReportQuery & { lang?: ExportLang }) => {
      const { lang = 'zh-CN', ...q } = query
      const lines = await reportLines(scope, q)
      const formulaNames = new Map((await listFormulas(deps.host, scope)).map(f => [f.id, f.label[lang]]))
      return { data: { lines, formulaNames, lang }, name: fileName(q) }
    }

    app.get('/export.csv', { schema: { tags, summary: 'Export as CSV (UTF-8 with BOM, yuan with 2 decimals)', querystring: ExportQuery, response: errors(400, 403, 404) } }, async (request, reply) => {
      const { data, name } = await exportData(request.scope, request.query as ReportQuery & { lang?: ExportLang })
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(toCsv(data))
    })

    app.get('/export.xlsx', { schema: { tags, summary: 'Export as XLSX (money cells numeric, yuan format)', querystring: ExportQuery, response: errors(400, 403, 404) } }, async (request, reply) => {
      const { data, name } = await exportData(request.scope, request.query as ReportQuery & { lang?: ExportLang })
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`).send(await toXlsx(data))
    })
  }
}
