import type { Sandbox, SandboxLimits } from '@scrm/sandbox'
import { fenProblem, roundFen } from '../money.js'
import { checkValue, type ValueSchema } from '../value-schema.js'

/**
 * The formula's body with the shared rounding helper appended (a hoisted function declaration,
 * so it is callable from the first line while the user's line numbers stay as written).
 */
export function formulaProgram(source: string): string {
  return `${source}\n;${roundFen.toString()}`
}

export type FormulaOutcome =
  | { ok: true, amountFen: number }
  | { ok: false, code: string, message: string }

/**
 * Runs a formula in the sandbox (never in the host) and checks its result is an amount of fen:
 * a float, NaN, a negative or a number past Number.MAX_SAFE_INTEGER fails with `output`.
 */
export async function runFormula(box: Sandbox, source: string, inputs: Record<string, unknown>, params: Record<string, unknown>, limits?: SandboxLimits): Promise<FormulaOutcome> {
  const res = await box.run(formulaProgram(source), { inputs, params }, limits)
  if (!res.ok) return { ok: false, code: res.error.code, message: res.error.message }
  const problem = fenProblem(res.value)
  if (problem) return { ok: false, code: 'output', message: `the formula's result ${problem}` }
  return { ok: true, amountFen: res.value as number }
}

/**
 * The syntax diagnostic of a formula body, or undefined when it compiles. The body alone first,
 * so line numbers are the author's; then with the helper (a body that declares `roundFen` itself).
 */
export async function checkFormula(box: Sandbox, source: string): Promise<string | undefined> {
  return (await box.check(source, 'script')) ?? box.check(formulaProgram(source), 'script')
}

/** What running needs of a formula, built-in or a tenant's own. */
export interface RunnableFormula {
  source: string
  inputs?: Record<string, unknown>
  params: Record<string, unknown>
}

/** Inputs and params checked against the formula's schemas (code `inputs` / `params`), then run. */
export async function evaluateFormula(box: Sandbox, f: RunnableFormula, inputs: Record<string, unknown>, params: Record<string, unknown>, limits?: SandboxLimits): Promise<FormulaOutcome> {
  for (const [code, schema, value] of [['inputs', f.inputs, inputs], ['params', f.params, params]] as const) {
    const problems = schema ? checkValue(schema as ValueSchema, value) : []
    if (problems.length) return { ok: false, code, message: problems.map(p => `${code}${p.path} ${p.message}`).join('; ') }
  }
  return runFormula(box, f.source, inputs, params, limits)
}
