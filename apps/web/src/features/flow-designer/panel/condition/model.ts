/**
 * The condition builder's model (rows of field / operator / value in AND/OR groups) ⇄ JSON Logic.
 * fromLogic() returns null for logic the builder cannot show (the panel falls back to JSON), so
 * a hand-written condition is never silently rewritten.
 */
import type { Condition } from '@scrm/flow'

export type RuleOp = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'in' | 'contains' | 'empty' | 'notEmpty'
export const RULE_OPS: RuleOp[] = ['==', '!=', '>', '>=', '<', '<=', 'in', 'contains', 'empty', 'notEmpty']
/** Operators that take no value. */
export const UNARY: RuleOp[] = ['empty', 'notEmpty']
const COMPARE = ['==', '!=', '>', '>=', '<', '<=']

export interface Rule { kind: 'rule', field: string, op: RuleOp, value: string }
export interface Group { kind: 'group', combinator: 'and' | 'or', children: Array<Rule | Group> }

export const emptyRule = (): Rule => ({ kind: 'rule', field: '', op: '==', value: '' })
export const emptyGroup = (combinator: Group['combinator'] = 'and'): Group => ({ kind: 'group', combinator, children: [emptyRule()] })

/** Numbers and booleans typed as text become JSON numbers/booleans; the rest stays text. */
export function literal(value: string): string | number | boolean {
  const v = value.trim()
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v)
  if (v === 'true' || v === 'false') return v === 'true'
  return v
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v))

function ruleToLogic(r: Rule): Condition {
  const field = { var: r.field.trim() }
  switch (r.op) {
    case 'empty': return { '!': field }
    case 'notEmpty': return { '!!': field }
    case 'in': return { in: [field, r.value.split(/[,，]/).map(s => s.trim()).filter(Boolean).map(literal)] }
    case 'contains': return { in: [literal(r.value), field] }
    default: return { [r.op]: [field, literal(r.value)] }
  }
}

/** Builder → JSON Logic; undefined when the group has no rows. */
export function toLogic(g: Group): Condition | undefined {
  const parts = g.children.map(c => (c.kind === 'rule' ? ruleToLogic(c) : toLogic(c))).filter((c): c is Condition => c !== undefined)
  if (parts.length === 0) return undefined
  return parts.length === 1 ? parts[0] : { [g.combinator]: parts }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const varPath = (v: unknown): string | undefined => {
  if (!isObj(v) || Object.keys(v).length !== 1 || !('var' in v)) return undefined
  const p = Array.isArray(v.var) ? v.var[0] : v.var
  return typeof p === 'string' ? p : undefined
}
const isPrimitive = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v)

function ruleFromLogic(logic: Record<string, unknown>): Rule | null {
  const [op] = Object.keys(logic)
  const raw = logic[op]
  const args = Array.isArray(raw) ? raw : [raw]
  if ((op === '!' || op === '!!') && args.length === 1) {
    const field = varPath(args[0])
    return field === undefined ? null : { kind: 'rule', field, op: op === '!' ? 'empty' : 'notEmpty', value: '' }
  }
  if (op === 'in' && args.length === 2) {
    const field = varPath(args[0])
    if (field !== undefined && Array.isArray(args[1]) && args[1].every(isPrimitive))
      return { kind: 'rule', field, op: 'in', value: args[1].map(show).join(', ') }
    const inField = varPath(args[1])
    if (inField !== undefined && isPrimitive(args[0])) return { kind: 'rule', field: inField, op: 'contains', value: show(args[0]) }
    return null
  }
  if (COMPARE.includes(op) && args.length === 2) {
    const field = varPath(args[0])
    return field !== undefined && isPrimitive(args[1]) ? { kind: 'rule', field, op: op as RuleOp, value: show(args[1]) } : null
  }
  return null
}

/** JSON Logic → builder, or null when it does not fit the builder. */
export function fromLogic(logic: unknown): Group | null {
  if (logic === undefined) return emptyGroup()
  if (!isObj(logic) || Object.keys(logic).length !== 1) return null
  const [op] = Object.keys(logic)
  if ((op === 'and' || op === 'or') && Array.isArray(logic[op])) {
    const children: Array<Rule | Group> = []
    for (const item of logic[op] as unknown[]) {
      if (!isObj(item)) return null
      const k = Object.keys(item)[0]
      const child = k === 'and' || k === 'or' ? fromLogic(item) : ruleFromLogic(item)
      if (!child) return null
      children.push(child)
    }
    return { kind: 'group', combinator: op, children }
  }
  const rule = ruleFromLogic(logic)
  return rule ? { kind: 'group', combinator: 'and', children: [rule] } : null
}

/** One-line text for edge labels: `customer.tier == VIP 且 …`. */
export function summarize(logic: unknown, words: { and: string, or: string, empty: string, notEmpty: string, contains: string, in: string }): string | undefined {
  const g = fromLogic(logic)
  if (!g || logic === undefined) return undefined
  const one = (c: Rule | Group): string => {
    if (c.kind === 'group') return `(${c.children.map(one).join(` ${words[c.combinator]} `)})`
    if (c.op === 'empty' || c.op === 'notEmpty') return `${c.field} ${words[c.op]}`
    if (c.op === 'in' || c.op === 'contains') return `${c.field} ${words[c.op]} ${c.value}`
    return `${c.field} ${c.op} ${c.value}`
  }
  return g.children.map(one).join(` ${words[g.combinator]} `)
}
