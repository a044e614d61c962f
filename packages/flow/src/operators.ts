/**
 * The JSON Logic operators we support and their arity. One table shared by the evaluator (which
 * refuses wrong arity at run time) and by checkCondition (which reports it at design time), so
 * a condition that validates is exactly a condition that evaluates.
 */

export interface OperatorSpec {
  min: number
  max: number
  /** Index of the argument evaluated once per array item, with the item as data (some/all/…). */
  scopedArg?: number
}

const ANY = Number.POSITIVE_INFINITY

export const OPERATORS: Readonly<Record<string, OperatorSpec>> = Object.freeze({
  var: { min: 1, max: 2 },
  missing: { min: 1, max: ANY },
  missing_some: { min: 2, max: 2 },
  '==': { min: 2, max: 2 },
  '===': { min: 2, max: 2 },
  '!=': { min: 2, max: 2 },
  '!==': { min: 2, max: 2 },
  '!': { min: 1, max: 1 },
  '!!': { min: 1, max: 1 },
  and: { min: 1, max: ANY },
  or: { min: 1, max: ANY },
  if: { min: 2, max: ANY },
  '?:': { min: 3, max: 3 },
  '>': { min: 2, max: 2 },
  '>=': { min: 2, max: 2 },
  '<': { min: 2, max: 3 },
  '<=': { min: 2, max: 3 },
  '+': { min: 1, max: ANY },
  '-': { min: 1, max: 2 },
  '*': { min: 1, max: ANY },
  '/': { min: 2, max: 2 },
  '%': { min: 2, max: 2 },
  min: { min: 1, max: ANY },
  max: { min: 1, max: ANY },
  in: { min: 2, max: 2 },
  cat: { min: 1, max: ANY },
  substr: { min: 2, max: 3 },
  merge: { min: 0, max: ANY },
  some: { min: 2, max: 2, scopedArg: 1 },
  all: { min: 2, max: 2, scopedArg: 1 },
  none: { min: 2, max: 2, scopedArg: 1 },
  map: { min: 2, max: 2, scopedArg: 1 },
  filter: { min: 2, max: 2, scopedArg: 1 },
  reduce: { min: 2, max: 3, scopedArg: 1 },
})

/** Nesting deeper than this is refused: it is never a real business rule and would blow the stack. */
export const MAX_LOGIC_DEPTH = 100

/** The operator spec, looked up as an own property so `constructor`/`__proto__` are not operators. */
export function operatorSpec(op: string): OperatorSpec | undefined {
  return Object.hasOwn(OPERATORS, op) ? OPERATORS[op] : undefined
}

/** JSON Logic's rule: a logic node is a plain object with exactly one key. Anything else is data. */
export function isLogicNode(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1
}

/** `{"!": x}` is shorthand for `{"!": [x]}`. */
export function argList(raw: unknown): unknown[] {
  return Array.isArray(raw) ? raw : [raw]
}

export function arityText(spec: OperatorSpec): string {
  if (spec.min === spec.max) return String(spec.min)
  return spec.max === ANY ? `≥ ${spec.min}` : `${spec.min}–${spec.max}`
}
