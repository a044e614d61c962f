/**
 * Design-time checks of JSON Logic: what validate() reports as `invalid_condition`, and which
 * data paths a condition reads (the designer shows them; the runtime can prefetch them).
 */

import { text, type LocalizedText } from './i18n.js'
import { MAX_LOGIC_DEPTH, argList, arityText, isLogicNode, operatorSpec } from './operators.js'

/** Top-level data a flow condition sees. */
export const CONDITION_ROOTS: readonly string[] = ['ticket', 'customer', 'form', 'vars']

export type ConditionProblemCode = 'unknown_operator' | 'arity' | 'bad_var_path' | 'not_logic' | 'too_deep'

export interface ConditionProblem {
  code: ConditionProblemCode
  /** JSON Pointer into the logic (`/and/1/==/0`), so a condition builder can highlight the spot. */
  pointer: string
  operator?: string
  message: LocalizedText
}

export interface CheckConditionOptions {
  /** Allowed first path segments of `var`; defaults to CONDITION_ROOTS. */
  roots?: readonly string[]
  /**
   * Objects with zero or several keys are literal data in JSON Logic. In an edge condition that is
   * always a mistake (it is simply truthy); in setFields values a literal object may be intended.
   */
  allowLiteralObjects?: boolean
}

interface Walk {
  roots: readonly string[]
  allowLiteralObjects: boolean
  problems: ConditionProblem[]
  vars: string[]
}

/** Problems with a condition; empty when it is fine. Never throws. */
export function checkCondition(logic: unknown, options: CheckConditionOptions = {}): ConditionProblem[] {
  return walkAll(logic, options).problems
}

/** Data paths read by the condition (`var`, `missing`, `missing_some`), unique, in order of appearance. */
export function conditionVars(logic: unknown): string[] {
  return walkAll(logic, { allowLiteralObjects: true }).vars
}

function walkAll(logic: unknown, options: CheckConditionOptions): Walk {
  const w: Walk = {
    roots: options.roots ?? CONDITION_ROOTS,
    allowLiteralObjects: options.allowLiteralObjects ?? false,
    problems: [],
    vars: [],
  }
  if (typeof logic === 'object' && logic !== null && !Array.isArray(logic) && !isLogicNode(logic)) {
    // A bare literal object at the top is never a usable condition, whatever the option says.
    report(w, 'not_logic', '', undefined)
  } else {
    walk(w, logic, '', true, 0)
  }
  return w
}

/** `rooted` is false inside some/all/map/… where `var` reads the current item, not flow data. */
function walk(w: Walk, node: unknown, pointer: string, rooted: boolean, depth: number): void {
  if (depth > MAX_LOGIC_DEPTH) return report(w, 'too_deep', pointer, undefined)
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(w, item, `${pointer}/${i}`, rooted, depth + 1))
    return
  }
  if (typeof node !== 'object' || node === null) return
  if (!isLogicNode(node)) {
    if (!w.allowLiteralObjects) report(w, 'not_logic', pointer, undefined)
    return
  }
  const op = Object.keys(node)[0]
  const at = `${pointer}/${escapePointer(op)}`
  const args = argList(node[op])
  const spec = operatorSpec(op)
  if (!spec) {
    report(w, 'unknown_operator', at, op)
  } else if (args.length < spec.min || args.length > spec.max) {
    report(w, 'arity', at, op, `${arityText(spec)}|${args.length}`)
  }
  if (rooted) collectPaths(w, op, args, at)
  args.forEach((arg, i) => walk(w, arg, `${at}/${i}`, rooted && spec?.scopedArg !== i, depth + 1))
}

/** Literal paths of var/missing/missing_some; computed paths (`{"var": {"cat": …}}`) cannot be checked. */
function collectPaths(w: Walk, op: string, args: unknown[], at: string): void {
  let paths: Array<[unknown, string]> = []
  if (op === 'var') paths = [[args[0], `${at}/0`]]
  else if (op === 'missing') {
    paths = Array.isArray(args[0])
      ? args[0].map((p, i) => [p, `${at}/0/${i}`] as [unknown, string])
      : args.map((p, i) => [p, `${at}/${i}`] as [unknown, string])
  } else if (op === 'missing_some' && Array.isArray(args[1])) {
    paths = args[1].map((p, i) => [p, `${at}/1/${i}`] as [unknown, string])
  }
  for (const [path, pointer] of paths) {
    if (typeof path === 'object' && path !== null) continue
    const p = path === undefined || path === null ? '' : String(path)
    if (!w.roots.includes(p.split('.')[0])) {
      report(w, 'bad_var_path', pointer, op, p)
    } else if (!w.vars.includes(p)) {
      w.vars.push(p)
    }
  }
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}

function report(w: Walk, code: ConditionProblemCode, pointer: string, operator: string | undefined, detail = ''): void {
  w.problems.push({ code, pointer, ...(operator ? { operator } : {}), message: messageFor(code, operator, detail, w.roots) })
}

function messageFor(code: ConditionProblemCode, op: string | undefined, detail: string, roots: readonly string[]): LocalizedText {
  const prefixes = roots.map((r) => `${r}.`).join(' / ')
  switch (code) {
    case 'unknown_operator':
      return text(`不支持的条件运算符“${op}”`, `Unknown condition operator "${op}"`)
    case 'arity': {
      const [want, got] = detail.split('|')
      return text(`运算符“${op}”需要 ${want} 个参数，实际为 ${got} 个`, `Operator "${op}" takes ${want} argument(s), got ${got}`)
    }
    case 'bad_var_path':
      return text(
        `变量路径“${detail}”无效：必须以 ${prefixes} 开头`,
        `Variable path "${detail}" is invalid: it must start with ${prefixes}`,
      )
    case 'not_logic':
      return text('条件必须是只含一个运算符的对象，例如 {"==": [...]}', 'A condition must be an object with exactly one operator, e.g. {"==": [...]}')
    case 'too_deep':
      return text(`条件嵌套超过 ${MAX_LOGIC_DEPTH} 层`, `Condition is nested deeper than ${MAX_LOGIC_DEPTH} levels`)
  }
}
