import { evaluate, OPERATORS, truthy } from '@scrm/flow'

/**
 * JSON Logic compiled to closures, for rule conditions evaluated on every routing decision.
 * The common operators (var, comparisons, and/or/!, if, in) become direct JavaScript with the
 * same semantics as @scrm/flow's `evaluate`; anything else (and anything malformed) runs through
 * `evaluate` itself, so results and errors are always the interpreter's. A compiled rule list
 * costs a fraction of interpreting it (see docs/performance.md, Routing).
 */
export type Compiled = (data: unknown) => unknown

const isNode = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1

const args = (raw: unknown): unknown[] => (Array.isArray(raw) ? raw : [raw])

/** `getVar` of @scrm/flow with the path split once: own properties only, null for missing. */
function compileVar(path: string, fallback: unknown): Compiled {
  const notFound = fallback === undefined ? null : fallback
  if (path === '') return data => data
  const keys = path.split('.')
  return (data) => {
    let current: unknown = data
    for (let i = 0; i < keys.length; i++) {
      if (current === null || current === undefined) return notFound
      if (!Object.hasOwn(Object(current), keys[i])) return notFound
      current = (current as Record<string, unknown>)[keys[i]]
    }
    return current === undefined ? notFound : current
  }
}

export function compileLogic(logic: unknown): Compiled {
  if (Array.isArray(logic)) {
    const items = logic.map(compileLogic)
    return data => items.map(f => f(data))
  }
  if (!isNode(logic)) return () => logic
  const op = Object.keys(logic)[0]
  const a = args(logic[op])
  const spec = OPERATORS[op]
  const interpret: Compiled = data => evaluate(logic, data)
  // Unknown operators and wrong arity: the interpreter raises exactly its own error.
  if (!spec || a.length < spec.min || a.length > spec.max) return interpret
  if (op === 'var') {
    const [path, fallback] = a
    if ((typeof path === 'string' || typeof path === 'number') && !isNode(fallback) && !Array.isArray(fallback)) return compileVar(String(path), fallback)
    return interpret
  }
  const f = a.map(compileLogic)
  const [x, y, z] = f
  switch (op) {
    case '==': return d => x(d) == y(d) // eslint-disable-line eqeqeq
    case '===': return d => x(d) === y(d)
    case '!=': return d => x(d) != y(d) // eslint-disable-line eqeqeq
    case '!==': return d => x(d) !== y(d)
    case '!': return d => !truthy(x(d))
    case '!!': return d => truthy(x(d))
    case '>': return d => (x(d) as number) > (y(d) as number)
    case '>=': return d => (x(d) as number) >= (y(d) as number)
    case '<': return z ? (d) => { const b = y(d) as number; return (x(d) as number) < b && b < (z(d) as number) } : d => (x(d) as number) < (y(d) as number)
    case '<=': return z ? (d) => { const b = y(d) as number; return (x(d) as number) <= b && b <= (z(d) as number) } : d => (x(d) as number) <= (y(d) as number)
    case 'in': return (d) => {
      const needle = x(d)
      const hay = y(d)
      return typeof hay === 'string' || Array.isArray(hay) ? (hay as unknown[]).indexOf(needle) !== -1 : false
    }
    case 'and': return (d) => {
      let v: unknown
      for (const g of f) { v = g(d); if (!truthy(v)) return v }
      return v
    }
    case 'or': return (d) => {
      let v: unknown
      for (const g of f) { v = g(d); if (truthy(v)) return v }
      return v
    }
    case 'if': case '?:': return (d) => {
      let i = 0
      for (; i < f.length - 1; i += 2) if (truthy(f[i](d))) return f[i + 1](d)
      return i === f.length - 1 ? f[i](d) : null
    }
    default: return interpret
  }
}
