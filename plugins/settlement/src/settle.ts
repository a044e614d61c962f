import { evaluate, truthy } from '@scrm/flow'
import { findTicket, recordEvent, type Ticket } from '@scrm/plugin-tickets'
import type { Sandbox } from '@scrm/sandbox'
import type { TenantScope } from '@scrm/store'
import { type SettlementDeps, tenantLimits } from './deps.js'
import { beijingMonth, conditionData, type InputSource, mapInputs, ticketFacts } from './facts.js'
import { findFormula } from './formulas/catalog.js'
import { evaluateFormula, type FormulaOutcome } from './formulas/run.js'

const SYSTEM = { kind: 'system' as const, name: 'settlement' }

export interface SettleResult {
  lines: number
  totalFen: number
  failures: number
}

/**
 * Writes a resolved ticket's settlement lines: every active rule of its type whose condition
 * holds, its formula run in the sandbox on inputs mapped from the ticket. The ticket's previous
 * lines are replaced (a re-resolve after a reopen never duplicates). A failing rule writes no
 * line and leaves `settlement_failed` on the timeline; the other rules still settle.
 * `scope` must be a plain scope (the timeline entries here are not heard again by listeners).
 */
export async function settleTicket(deps: SettlementDeps, scope: TenantScope, ticketId: string): Promise<SettleResult> {
  await clearLines(scope, ticketId)
  const ticket = await findTicket(scope, ticketId)
  if (!ticket?.typeId || ticket.statusCategory !== 'resolved') return { lines: 0, totalFen: 0, failures: 0 }
  const rules = await scope.table('settlement_rules').where({ ticket_type_id: ticket.typeId, active: true }).orderBy([{ column: 'position' }, { column: 'created_at' }, { column: 'id' }])
  if (!rules.length) return { lines: 0, totalFen: 0, failures: 0 }

  const resolvedAt = ticket.resolvedAt ? new Date(ticket.resolvedAt) : new Date()
  const facts = ticketFacts(ticket, resolvedAt)
  const data = conditionData(ticket, facts)
  const limits = await tenantLimits(deps, scope)
  let box: Promise<Sandbox> | undefined
  const lines: Record<string, unknown>[] = []
  let failures = 0
  for (const rule of rules) {
    if (rule.condition !== null && rule.condition !== undefined && !truthy(evaluate(rule.condition, data))) continue
    const inputs = mapInputs(rule.inputs as Record<string, InputSource>, ticket, facts)
    await addPeriodTotals(scope, rule, ticket, beijingMonth(resolvedAt), inputs)
    const outcome = await runRule(deps, scope, () => (box ??= deps.sandbox()), rule, inputs, limits)
    if (!outcome.ok) {
      failures++
      await recordEvent(scope, ticket.id, 'settlement_failed', SYSTEM, {
        ruleId: rule.id, ruleName: rule.name, formulaId: rule.formula_id, code: outcome.code, message: outcome.message, inputs,
      })
      continue
    }
    lines.push({
      ticket_id: ticket.id, rule_id: rule.id, rule_name: rule.name, department_id: rule.department_id, formula_id: rule.formula_id,
      inputs: JSON.stringify(inputs), params: JSON.stringify(rule.params), amount_fen: outcome.amountFen,
      period: beijingMonth(resolvedAt), resolved_at: resolvedAt,
    })
  }
  if (lines.length) await scope.insert('settlement_lines', lines)
  const totalFen = lines.reduce((s, l) => s + (l.amount_fen as number), 0)
  await recordEvent(scope, ticket.id, 'settled', SYSTEM, { lines: lines.length, totalFen, failures, period: beijingMonth(resolvedAt) })
  return { lines: lines.length, totalFen, failures }
}

async function runRule(deps: SettlementDeps, scope: TenantScope, sandbox: () => Promise<Sandbox>, rule: Record<string, any>, inputs: Record<string, unknown>, limits: Awaited<ReturnType<typeof tenantLimits>>): Promise<FormulaOutcome> {
  const formula = await findFormula(deps.host, scope, rule.formula_id)
  if (!formula) return { ok: false, code: 'unknown_formula', message: `formula ${rule.formula_id} is not available to this tenant` }
  let box: Sandbox
  try { box = await sandbox() }
  catch (err) { return { ok: false, code: 'unavailable', message: `formula sandbox unavailable: ${(err as Error).message}` } }
  return evaluateFormula(box, formula, inputs, rule.params ?? {}, limits)
}

/**
 * `periodTotal` inputs: what this rule's earlier lines of the same customer in the same period
 * carried in the named input (0 without a customer: nothing to accumulate over).
 */
async function addPeriodTotals(scope: TenantScope, rule: Record<string, any>, ticket: Ticket, period: string, inputs: Record<string, unknown>) {
  for (const [name, src] of Object.entries(rule.inputs as Record<string, InputSource>)) {
    if (!('periodTotal' in src)) continue
    if (!ticket.customerId) { inputs[name] = 0; continue }
    // Two of a customer's tickets resolved at once would each miss the other's amount: serialize per customer.
    await scope.db.raw('select pg_advisory_xact_lock(hashtext(?))', [`settlement:${scope.tenantId}:${ticket.customerId}`])
    const [row] = await scope.table('settlement_lines as l')
      .join('tickets as t', function () { this.on('t.tenant_id', 'l.tenant_id').andOn('t.id', 'l.ticket_id') })
      .where({ 'l.rule_id': rule.id, 'l.period': period, 't.customer_id': ticket.customerId })
      .whereNot('l.ticket_id', ticket.id)
      .select(scope.db.raw('coalesce(sum((l.inputs->>?)::numeric), 0) as total', [src.periodTotal]))
    inputs[name] = Number(row.total)
  }
}

/** Lines leave with the resolution: a reopened ticket is not settled until it is resolved again. */
export async function clearLines(scope: TenantScope, ticketId: string): Promise<number> {
  return scope.table('settlement_lines').where({ ticket_id: ticketId }).del()
}

