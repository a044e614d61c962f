import { checkCondition } from '@scrm/flow'
import { badRequest, notFound, type PluginHost } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import { FACTS, type InputSource } from './facts.js'
import { findFormula } from './formulas/catalog.js'
import { checkValue, type ValueSchema } from './value-schema.js'

/** A settlement rule as the API takes it. */
export interface RuleBody {
  name: string
  ticketTypeId: string
  departmentId: string
  formulaId: string
  params?: Record<string, unknown>
  inputs?: Record<string, InputSource>
  condition?: unknown
  position?: number
  active?: boolean
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const FIELD_KEY = /^[\w.-]{1,100}$/

const invalid = (field: string, message: string) => badRequest(`invalid body: ${field} ${message}`, [{ in: 'body', field, message }])

/**
 * What the body schema cannot say: the ticket type, department and formula exist for this
 * tenant, params fit the formula, every input the formula requires is mapped from a known fact
 * or a field, and the condition is JSON Logic over { ticket, facts }.
 */
export async function validateRule(host: PluginHost, scope: TenantScope, b: RuleBody): Promise<void> {
  if (!UUID.test(b.ticketTypeId) || !await scope.table('ticket_types').where({ id: b.ticketTypeId }).first('id'))
    throw invalid('/ticketTypeId', 'is not a ticket type of this tenant')
  if (!UUID.test(b.departmentId) || !await scope.table('org_departments').where({ id: b.departmentId }).first('id'))
    throw invalid('/departmentId', 'is not a department of this tenant')
  const formula = await findFormula(host, scope, b.formulaId)
  if (!formula) throw invalid('/formulaId', `is not a formula available to this tenant: ${b.formulaId}`)
  const paramProblems = checkValue(formula.params as ValueSchema, b.params ?? {})
  if (paramProblems.length) throw invalid(`/params${paramProblems[0].path}`, paramProblems[0].message)

  const schema = formula.inputs as ValueSchema
  const mapping = b.inputs ?? {}
  for (const [name, src] of Object.entries(mapping)) {
    const at = `/inputs/${name}`
    if (schema.properties && !schema.properties[name]) throw invalid(at, `is not an input of ${formula.id} (${Object.keys(schema.properties).join(', ')})`)
    const kinds = Object.keys(src)
    if (kinds.length !== 1 || !['field', 'fact', 'value', 'periodTotal'].includes(kinds[0])) throw invalid(at, 'must be exactly one of { field }, { fact }, { value }, { periodTotal }')
    if ('periodTotal' in src) {
      const of = mapping[src.periodTotal]
      if (!of || 'periodTotal' in of) throw invalid(`${at}/periodTotal`, 'must name another input of this rule')
    }
    if ('fact' in src && !(FACTS as readonly string[]).includes(src.fact)) throw invalid(`${at}/fact`, `is not a fact (${FACTS.join(', ')})`)
    if ('field' in src && (typeof src.field !== 'string' || !FIELD_KEY.test(src.field))) throw invalid(`${at}/field`, 'must be a field key')
    if ('value' in src && schema.properties?.[name]) {
      const p = checkValue(schema.properties[name], src.value)
      if (p.length) throw invalid(`${at}/value${p[0].path}`, p[0].message)
    }
  }
  for (const r of schema.required ?? []) if (!mapping[r]) throw invalid(`/inputs/${r}`, `is required by ${formula.id}`)
  if (b.condition !== undefined && b.condition !== null) {
    const problems = checkCondition(b.condition, { roots: ['ticket', 'facts'] })
    if (problems.length) throw invalid(`/condition${problems[0].pointer}`, problems[0].message['en-US'])
  }
}

export function ruleOut(r: Record<string, any>) {
  return {
    id: r.id, name: r.name, ticketTypeId: r.ticket_type_id, departmentId: r.department_id, formulaId: r.formula_id,
    params: r.params, inputs: r.inputs, condition: r.condition ?? null, position: r.position, active: r.active, version: r.version,
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  }
}

export function ruleColumns(b: RuleBody, now: Date) {
  return {
    name: b.name.trim(), ticket_type_id: b.ticketTypeId, department_id: b.departmentId, formula_id: b.formulaId,
    params: JSON.stringify(b.params ?? {}), inputs: JSON.stringify(b.inputs ?? {}),
    condition: b.condition === undefined || b.condition === null ? null : JSON.stringify(b.condition),
    position: b.position ?? 0, active: b.active ?? true, updated_at: now,
  }
}

export async function findRule(scope: TenantScope, id: string) {
  const row = UUID.test(id) ? await scope.table('settlement_rules').where({ id }).first() : undefined
  if (!row) throw notFound('settlement rule')
  return row
}
