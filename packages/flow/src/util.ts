/** Small JSON helpers shared by compile, diff and layout. */

/** A JSON deep copy: the IR never shares objects with the designer's state (or keeps `undefined`s). */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)
}

/**
 * Natural order of ids (`n2` before `n10`), written out by hand because `localeCompare` depends
 * on the runtime's locale data and the IR must sort identically in every browser and on the server.
 */
export function compareIds(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? []
  const pb = b.match(/\d+|\D+/g) ?? []
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]
    const y = pb[i]
    if (x === y) continue
    const numeric = /^\d/.test(x) && /^\d/.test(y)
    if (numeric && Number(x) !== Number(y)) return Number(x) - Number(y)
    return x < y ? -1 : 1
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0)
}

/** Structural equality of JSON values: key order does not matter, `undefined` properties do not exist. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const other = b as unknown[]
    return a.length === other.length && a.every((v, i) => jsonEqual(v, other[i]))
  }
  const ka = definedKeys(a as Record<string, unknown>)
  const kb = definedKeys(b as Record<string, unknown>)
  return ka.length === kb.length && ka.every((k) => kb.includes(k) &&
    jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

function definedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).filter((k) => o[k] !== undefined)
}
