/**
 * A small JSON Logic evaluator (https://jsonlogic.com) — no eval, no `method` operator, no
 * prototype walking — so conditions run identically in the browser designer (preview) and on the
 * server. Semantics follow json-logic-js, except that arity is enforced (see operators.ts) and
 * `min`/`max` give null instead of NaN/±Infinity (not representable in JSON).
 */

import { MAX_LOGIC_DEPTH, argList, arityText, isLogicNode, operatorSpec } from './operators.js'

export { checkCondition, conditionVars, CONDITION_ROOTS } from './condition-check.js'
export type { ConditionProblem, ConditionProblemCode, CheckConditionOptions } from './condition-check.js'

export class ConditionError extends Error {
  constructor(readonly code: 'unknown_operator' | 'arity' | 'too_deep', message: string) {
    super(message)
    this.name = 'ConditionError'
  }
}

/** JSON Logic truthiness: like JS, except that an empty array is false. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value) && value.length === 0) return false
  return Boolean(value)
}

/** Evaluate `logic` over `data` (for flows: `{ ticket, customer, form, vars }`). Throws ConditionError. */
export function evaluate(logic: unknown, data: unknown): unknown {
  return run(logic, data, 0)
}

function run(logic: unknown, data: unknown, depth: number): unknown {
  if (depth > MAX_LOGIC_DEPTH) throw new ConditionError('too_deep', `Condition nested deeper than ${MAX_LOGIC_DEPTH} levels`)
  if (Array.isArray(logic)) return logic.map((item) => run(item, data, depth + 1))
  if (!isLogicNode(logic)) return logic
  const op = Object.keys(logic)[0]
  const spec = operatorSpec(op)
  if (!spec) throw new ConditionError('unknown_operator', `Unknown JSON Logic operator "${op}"`)
  const args = argList(logic[op])
  if (args.length < spec.min || args.length > spec.max) {
    throw new ConditionError('arity', `Operator "${op}" takes ${arityText(spec)} argument(s), got ${args.length}`)
  }
  const lazy = LAZY[op]
  if (lazy) return lazy(args, data, depth + 1)
  const values = args.map((arg) => run(arg, data, depth + 1))
  return EAGER[op](values, data)
}

type Lazy = (args: unknown[], data: unknown, depth: number) => unknown
type Eager = (values: any[], data: unknown) => unknown

// Operators that must not evaluate all of their arguments up front (short-circuit or per item).
const LAZY: Record<string, Lazy> = {
  if: ifThenElse,
  '?:': ifThenElse,
  and: (args, data, depth) => {
    let value: unknown
    for (const arg of args) {
      value = run(arg, data, depth)
      if (!truthy(value)) return value
    }
    return value
  },
  or: (args, data, depth) => {
    let value: unknown
    for (const arg of args) {
      value = run(arg, data, depth)
      if (truthy(value)) return value
    }
    return value
  },
  some: (args, data, depth) => itemsOf(args, data, depth).some((item) => truthy(run(args[1], item, depth))),
  all: (args, data, depth) => {
    const items = itemsOf(args, data, depth)
    return items.length > 0 && items.every((item) => truthy(run(args[1], item, depth)))
  },
  none: (args, data, depth) => !itemsOf(args, data, depth).some((item) => truthy(run(args[1], item, depth))),
  map: (args, data, depth) => itemsOf(args, data, depth).map((item) => run(args[1], item, depth)),
  filter: (args, data, depth) => itemsOf(args, data, depth).filter((item) => truthy(run(args[1], item, depth))),
  reduce: (args, data, depth) => {
    const initial = args.length > 2 ? run(args[2], data, depth) : null
    return itemsOf(args, data, depth).reduce(
      (accumulator, current) => run(args[1], { current, accumulator }, depth),
      initial,
    )
  },
}

function ifThenElse(args: unknown[], data: unknown, depth: number): unknown {
  let i = 0
  for (; i < args.length - 1; i += 2) {
    if (truthy(run(args[i], data, depth))) return run(args[i + 1], data, depth)
  }
  return i === args.length - 1 ? run(args[i], data, depth) : null
}

/** The array argument of some/all/…; a missing or non-array value counts as empty. */
function itemsOf(args: unknown[], data: unknown, depth: number): unknown[] {
  const value = run(args[0], data, depth)
  return Array.isArray(value) ? value : []
}

const num = (v: unknown): number => parseFloat(String(v))

// `as number` keeps JavaScript's own comparison semantics (strings compare as strings).
const EAGER: Record<string, Eager> = {
  var: ([path, fallback], data) => getVar(data, path, fallback),
  missing: (values, data) => missing(values, data),
  missing_some: ([need, keys], data) => {
    const list = Array.isArray(keys) ? keys : []
    const absent = missing([list], data)
    return list.length - absent.length >= Number(need) ? [] : absent
  },
  // Loose equality is the JSON Logic definition of `==`.
  '==': ([a, b]) => a == b,
  '===': ([a, b]) => a === b,
  '!=': ([a, b]) => a != b,
  '!==': ([a, b]) => a !== b,
  '!': ([a]) => !truthy(a),
  '!!': ([a]) => truthy(a),
  '>': ([a, b]) => (a as number) > (b as number),
  '>=': ([a, b]) => (a as number) >= (b as number),
  '<': ([a, b, c]) => (c === undefined ? a < b : a < b && b < c),
  '<=': ([a, b, c]) => (c === undefined ? a <= b : a <= b && b <= c),
  '+': (values) => values.reduce((sum: number, v) => sum + num(v), 0),
  '*': (values) => values.reduce((product: number, v) => product * num(v), 1),
  '-': ([a, b]) => (b === undefined ? -Number(a) : Number(a) - Number(b)),
  '/': ([a, b]) => Number(a) / Number(b),
  '%': ([a, b]) => Number(a) % Number(b),
  min: (values) => finiteOrNull(Math.min(...values.map(Number))),
  max: (values) => finiteOrNull(Math.max(...values.map(Number))),
  in: ([a, b]) => (typeof b === 'string' || Array.isArray(b) ? b.indexOf(a) !== -1 : false),
  // Array join: null/undefined become '' (a missing var does not print "null").
  cat: (values) => values.join(''),
  substr: ([source, start, length]) => substr(String(source), Number(start), length),
  merge: (values) => values.reduce((all: unknown[], v) => all.concat(v), []),
}

function finiteOrNull(n: number): number | null {
  return Number.isFinite(n) ? n : null
}

function substr(s: string, start: number, length: unknown): string {
  const from = start < 0 ? Math.max(s.length + start, 0) : start
  if (length === undefined || length === null) return s.slice(from)
  const len = Number(length)
  // A negative length means "stop that many characters before the end" (json-logic-js).
  return len < 0 ? s.slice(from, Math.max(s.length + len, from)) : s.slice(from, from + len)
}

/**
 * Read a dot path (`customer.tier`, `ticket.fields.items.0.sku`). Only own properties are
 * followed, so `constructor` or `__proto__` can never leak into a condition.
 */
export function getVar(data: unknown, path: unknown, fallback?: unknown): unknown {
  const notFound = fallback === undefined ? null : fallback
  if (path === undefined || path === null || path === '') return data
  let current: unknown = data
  for (const key of String(path).split('.')) {
    if (current === null || current === undefined) return notFound
    if (!Object.hasOwn(Object(current), key)) return notFound
    current = (current as Record<string, unknown>)[key]
  }
  return current === undefined ? notFound : current
}

function missing(values: unknown[], data: unknown): unknown[] {
  const keys = Array.isArray(values[0]) ? values[0] : values
  return keys.filter((key) => {
    const value = getVar(data, key)
    return value === null || value === ''
  })
}
