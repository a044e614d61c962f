import { badRequest, notFound } from '@scrm/kernel'
import type { Knex, TenantScope } from '@scrm/store'
import { fenToYuan, sumFen } from './money.js'

/** A report's range: one month (`period=2026-03`) or Beijing days `from`..`to` inclusive. */
export interface ReportQuery {
  period?: string
  from?: string
  to?: string
  departmentId?: string
}

export interface DepartmentTotal {
  departmentId: string
  departmentKey: string
  departmentName: string
  lineCount: number
  totalFen: number
  totalYuan: string
}

export interface ReportLine {
  id: string
  ticketId: string
  ticketNumber: string
  departmentId: string
  departmentName: string
  ruleId: string | null
  ruleName: string
  formulaId: string
  inputs: Record<string, unknown>
  params: Record<string, unknown>
  amountFen: number
  amountYuan: string
  period: string
  resolvedAt: string
}

const invalid = (field: string, message: string) => badRequest(`invalid querystring: ${field} ${message}`, [{ in: 'querystring', field, message }])
const DAY = /^\d{4}-\d{2}-\d{2}$/
const bjStart = (day: string) => new Date(`${day}T00:00:00+08:00`)

/** Applies the range and department to a query on `settlement_lines as l`; 400 naming the field for a bad range, 404 for a department that is not the tenant's. */
async function filtered(scope: TenantScope, q: ReportQuery): Promise<(qb: Knex.QueryBuilder) => Knex.QueryBuilder> {
  if (!q.period && !(q.from && q.to)) throw invalid('/period', 'is required (or both from and to)')
  if (q.period && (q.from || q.to)) throw invalid('/period', 'cannot be combined with from/to')
  let range: [Date, Date] | undefined
  if (!q.period) {
    for (const f of ['from', 'to'] as const) if (!DAY.test(q[f]!) || Number.isNaN(bjStart(q[f]!).getTime())) throw invalid(`/${f}`, 'must be a date YYYY-MM-DD')
    const end = new Date(bjStart(q.to!).getTime() + 86_400_000)
    if (bjStart(q.from!) >= end) throw invalid('/to', 'must not be before from')
    range = [bjStart(q.from!), end]
  }
  if (q.departmentId && !await scope.table('org_departments').where({ id: q.departmentId }).first('id')) throw notFound('department')
  return (qb) => {
    qb.where('l.tenant_id', scope.tenantId)
    if (q.period) qb.where('l.period', q.period)
    else qb.where('l.resolved_at', '>=', range![0]).where('l.resolved_at', '<', range![1])
    if (q.departmentId) qb.where('l.department_id', q.departmentId)
    return qb
  }
}

const joinDepartment = (qb: Knex.QueryBuilder) => qb.join('org_departments as d', function () {
  this.on('d.tenant_id', 'l.tenant_id').andOn('d.id', 'l.department_id')
})

/** Totals and line counts per department (sums in SQL on bigint: exact). */
export async function departmentTotals(scope: TenantScope, q: ReportQuery) {
  const where = await filtered(scope, q)
  const rows = await where(joinDepartment(scope.db('settlement_lines as l')))
    .groupBy('l.department_id', 'd.key', 'd.name')
    .select('l.department_id', 'd.key', 'd.name')
    .count({ n: '*' })
    .sum({ total: 'l.amount_fen' })
    .orderBy('d.name')
  const departments: DepartmentTotal[] = rows.map((r: any) => {
    const totalFen = sumFen([BigInt(String(r.total))])
    return { departmentId: r.department_id, departmentKey: r.key, departmentName: r.name, lineCount: Number(r.n), totalFen, totalYuan: fenToYuan(totalFen) }
  })
  const totalFen = sumFen(departments.map(d => d.totalFen))
  return { departments, lineCount: departments.reduce((s, d) => s + d.lineCount, 0), totalFen, totalYuan: fenToYuan(totalFen) }
}

/** The lines behind the totals, department by department, in resolution order. */
export async function reportLines(scope: TenantScope, q: ReportQuery, page: { limit?: number, offset?: number } = {}): Promise<ReportLine[]> {
  const where = await filtered(scope, q)
  const qb = where(joinDepartment(scope.db('settlement_lines as l')))
    .join('tickets as t', function () { this.on('t.tenant_id', 'l.tenant_id').andOn('t.id', 'l.ticket_id') })
    .select('l.*', 't.number as ticket_number', 'd.name as department_name')
    .orderBy([{ column: 'd.name' }, { column: 'l.resolved_at' }, { column: 't.number' }, { column: 'l.id' }])
  if (page.limit !== undefined) qb.limit(page.limit).offset(page.offset ?? 0)
  return (await qb).map((r: any) => {
    const amountFen = Number(r.amount_fen)
    return {
      id: r.id, ticketId: r.ticket_id, ticketNumber: r.ticket_number, departmentId: r.department_id, departmentName: r.department_name,
      ruleId: r.rule_id, ruleName: r.rule_name, formulaId: r.formula_id, inputs: r.inputs, params: r.params,
      amountFen, amountYuan: fenToYuan(amountFen), period: r.period, resolvedAt: new Date(r.resolved_at).toISOString(),
    }
  })
}
