/**
 * Dot paths into plain JSON data (`ticket.fields.fee`, `vars.total`). Only own properties are
 * read and `__proto__` / `constructor` / `prototype` are refused, so user-supplied paths can
 * never reach or pollute prototypes.
 */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype'])

export function splitPath(path: string): string[] {
  const parts = path.split('.')
  if (parts.some(p => p === '' || FORBIDDEN.has(p))) throw new Error(`invalid data path "${path}"`)
  return parts
}

export function getPath(data: unknown, path: string): unknown {
  let cur: unknown = data
  for (const key of splitPath(path)) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return undefined
    cur = (cur as Record<string, unknown>)[key]
  }
  return cur
}

/** Sets a value, creating plain objects on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = splitPath(path)
  let cur: Record<string, unknown> = target
  for (const key of parts.slice(0, -1)) {
    const next = Object.hasOwn(cur, key) ? cur[key] : undefined
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[key] = {}
    cur = cur[key] as Record<string, unknown>
  }
  cur[parts.at(-1)!] = value
}

/** A JSON deep copy: what goes into the database or a sandbox is data, never shared objects. */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value))
}
