/**
 * The small JSON Schema subset formulas describe their inputs and params with. Tenants write
 * these schemas too, so they are interpreted here rather than compiled into host code (a
 * compiling validator turns schema text into host JavaScript; `pattern` alone invites ReDoS).
 * Supported: type, minimum, maximum, enum, properties, required, additionalProperties: false, items.
 */

export interface ValueSchema {
  type?: 'integer' | 'number' | 'string' | 'boolean' | 'object' | 'array'
  minimum?: number
  maximum?: number
  enum?: unknown[]
  properties?: Record<string, ValueSchema>
  required?: string[]
  additionalProperties?: boolean
  items?: ValueSchema
  description?: string
  title?: string
}

export interface ValueProblem { path: string, message: string }

const KEYS = new Set(['type', 'minimum', 'maximum', 'enum', 'properties', 'required', 'additionalProperties', 'items', 'description', 'title'])
const TYPES = new Set(['integer', 'number', 'string', 'boolean', 'object', 'array'])
const MAX_DEPTH = 8

/** Problems with a schema itself (a tenant formula's inputs schema), as JSON pointers into it. */
export function checkSchema(schema: unknown, path = '', depth = 0): ValueProblem[] {
  if (depth > MAX_DEPTH) return [{ path, message: `nests deeper than ${MAX_DEPTH} levels` }]
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return [{ path, message: 'must be a schema object' }]
  const s = schema as Record<string, unknown>
  const out: ValueProblem[] = []
  for (const k of Object.keys(s)) if (!KEYS.has(k)) out.push({ path: `${path}/${k}`, message: `is not supported (use ${[...KEYS].join(', ')})` })
  if (s.type !== undefined && !TYPES.has(s.type as string)) out.push({ path: `${path}/type`, message: `must be one of ${[...TYPES].join(', ')}` })
  for (const k of ['minimum', 'maximum']) if (s[k] !== undefined && typeof s[k] !== 'number') out.push({ path: `${path}/${k}`, message: 'must be a number' })
  if (s.enum !== undefined && !Array.isArray(s.enum)) out.push({ path: `${path}/enum`, message: 'must be an array' })
  if (s.required !== undefined && !(Array.isArray(s.required) && s.required.every(r => typeof r === 'string'))) out.push({ path: `${path}/required`, message: 'must be an array of names' })
  if (s.additionalProperties !== undefined && typeof s.additionalProperties !== 'boolean') out.push({ path: `${path}/additionalProperties`, message: 'must be true or false' })
  if (s.properties !== undefined) {
    if (typeof s.properties !== 'object' || s.properties === null || Array.isArray(s.properties)) out.push({ path: `${path}/properties`, message: 'must be an object' })
    else for (const [k, v] of Object.entries(s.properties)) out.push(...checkSchema(v, `${path}/properties/${k}`, depth + 1))
  }
  if (s.items !== undefined) out.push(...checkSchema(s.items, `${path}/items`, depth + 1))
  return out
}

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)

/** Problems with a value against a (checked) schema, as JSON pointers into the value. */
export function checkValue(schema: ValueSchema, value: unknown, path = ''): ValueProblem[] {
  const out: ValueProblem[] = []
  const t = schema.type
  if (t === 'integer' && !(typeof value === 'number' && Number.isSafeInteger(value)))
    return [{ path, message: typeof value === 'number' && Number.isInteger(value) ? `must be at most ${Number.MAX_SAFE_INTEGER}` : `must be an integer, got ${typeOf(value)} ${JSON.stringify(value)}` }]
  if (t === 'number' && !(typeof value === 'number' && Number.isFinite(value))) return [{ path, message: `must be a number, got ${typeOf(value)}` }]
  if ((t === 'string' || t === 'boolean' || t === 'object' || t === 'array') && typeOf(value) !== t) return [{ path, message: `must be ${t === 'array' || t === 'object' ? 'an' : 'a'} ${t}, got ${typeOf(value)}` }]
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) out.push({ path, message: `must be ≥ ${schema.minimum}` })
    if (schema.maximum !== undefined && value > schema.maximum) out.push({ path, message: `must be ≤ ${schema.maximum}` })
  }
  if (schema.enum && !schema.enum.some(e => JSON.stringify(e) === JSON.stringify(value))) out.push({ path, message: `must be one of ${schema.enum.map(e => JSON.stringify(e)).join(', ')}` })
  if (typeOf(value) === 'object') {
    const o = value as Record<string, unknown>
    for (const r of schema.required ?? []) if (o[r] === undefined) out.push({ path: `${path}/${r}`, message: 'is required' })
    for (const [k, v] of Object.entries(o)) {
      const sub = schema.properties?.[k]
      if (sub) out.push(...checkValue(sub, v, `${path}/${k}`))
      else if (schema.additionalProperties === false) out.push({ path: `${path}/${k}`, message: 'is not a known property' })
    }
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => out.push(...checkValue(schema.items!, v, `${path}/${i}`)))
  return out
}
