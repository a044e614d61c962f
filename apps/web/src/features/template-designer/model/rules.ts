import type { FieldDef, Rule, RuleAction } from '@scrm/forms'

/** Comparisons the rule editor offers; each is a JSON Logic operator `packages/flow` evaluates. */
export const RULE_OPS = ['==', '!=', '>', '>=', '<', '<=', 'in'] as const
export type RuleOp = typeof RULE_OPS[number]
export const ACTION_KINDS = ['show', 'hide', 'require', 'optional', 'setOptions', 'setValue'] as const
export type ActionKind = typeof ACTION_KINDS[number]

/**
 * The editable shape of the simple condition `<field> <op> <value>`: exactly
 * `{ "<op>": [{ "var": "<field>" }, <value>] }` (for `in`: the value is a list the field's value is in).
 */
export interface SimpleCondition {
  field: string
  op: RuleOp
  value: unknown
}

export function conditionToLogic(c: SimpleCondition): unknown {
  return { [c.op]: [{ var: c.field }, c.value] }
}

/** The simple condition a rule's `when` is, or null when it is richer JSON Logic (edited as JSON). */
export function logicToCondition(when: unknown): SimpleCondition | null {
  if (!when || typeof when !== 'object' || Array.isArray(when)) return null
  const entries = Object.entries(when as Record<string, unknown>)
  if (entries.length !== 1) return null
  const [op, args] = entries[0]
  if (!(RULE_OPS as readonly string[]).includes(op) || !Array.isArray(args) || args.length !== 2) return null
  const [left, value] = args
  if (!left || typeof left !== 'object' || typeof (left as { var?: unknown }).var !== 'string') return null
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return null
  return { field: (left as { var: string }).var, op: op as RuleOp, value }
}

/** The value a field's own type compares with: numbers for number-like fields, text otherwise. */
export function coerceForField(field: FieldDef | undefined, raw: string): unknown {
  if (field && ['number', 'money', 'rating'].includes(field.type) && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw)
  return raw
}

export function newRule(fields: FieldDef[]): Rule {
  const first = fields.find(f => f.type === 'select') ?? fields[0]
  const target = fields.find(f => f !== first) ?? first
  const value = first?.options?.[0]?.value ?? ''
  return {
    id: `rule-${Math.random().toString(36).slice(2, 8)}`,
    when: conditionToLogic({ field: first?.key ?? '', op: '==', value }),
    then: [{ action: 'require', field: target?.key ?? '' }],
  }
}

/** Switch an action to another kind, keeping its target field and giving the new kind its extra part. */
export function withKind(a: RuleAction, kind: ActionKind, field?: FieldDef): RuleAction {
  if (kind === 'setOptions') return { action: kind, field: a.field, options: (field?.options ?? []).map(o => o.value) }
  if (kind === 'setValue') return { action: kind, field: a.field, value: '' }
  return { action: kind, field: a.field }
}
