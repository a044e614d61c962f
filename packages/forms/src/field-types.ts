import { parseCnPhone } from './phone.js'
import { invalidRegionLevel } from './regions.js'
import type { FieldDef, FieldOption, FieldType } from './types.js'

export type Params = Record<string, string | number>
export type Check =
  | { ok: true, value: unknown }
  | { ok: false, code: string, params?: Params, /** below the field key: `.lat`, `[2]` */ path?: string }

/** A field type's validation: the value is never empty here (empty is handled by `required`). */
export type FieldValidator = (value: unknown, field: FieldDef, options: FieldOption[] | undefined) => Check

const ok = (value: unknown): Check => ({ ok: true, value })
const fail = (code: string, params?: Params, path?: string): Check => ({ ok: false, code, params, path })

// Hard caps so a template without limits still cannot store megabytes in one field.
const TEXT_MAX = { text: 500, textarea: 10_000 }
const LIST_MAX = 100
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const patterns = new Map<string, RegExp>()

function pattern(source: string): RegExp {
  let re = patterns.get(source)
  if (!re) patterns.set(source, re = new RegExp(`^(?:${source})$`, 'u'))
  return re
}

function text(kind: 'text' | 'textarea'): FieldValidator {
  return (value, f) => {
    if (typeof value !== 'string') return fail('invalid_type', { expected: 'text' })
    const s = value.trim()
    const length = [...s].length // code points: one Chinese character counts as one
    const max = Math.min(f.maxLength ?? TEXT_MAX[kind], TEXT_MAX[kind])
    if (f.minLength !== undefined && length < f.minLength) return fail('too_short', { min: f.minLength })
    if (length > max) return fail('too_long', { max })
    if (f.pattern && !pattern(f.pattern).test(s)) return fail('pattern')
    return ok(s)
  }
}

function bounded(n: number, f: FieldDef): Check {
  if (typeof f.min === 'number' && n < f.min) return fail('too_small', { min: f.min })
  if (typeof f.max === 'number' && n > f.max) return fail('too_large', { max: f.max })
  return ok(n)
}

const number: FieldValidator = (v, f) => (typeof v === 'number' && Number.isFinite(v) ? bounded(v, f) : fail('invalid_type', { expected: 'number' }))

/** Money is integer fen so sums and rebates never meet float rounding. */
const money: FieldValidator = (v, f) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fail('invalid_type', { expected: 'integer fen' })
  if (!Number.isSafeInteger(v)) return fail('not_integer')
  return bounded(v, f)
}

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3]
}

/** Bounds of date-like fields compare as ISO strings (same format, so lexical order is time order). */
function boundedText(s: string, f: FieldDef): Check {
  if (typeof f.min === 'string' && s < f.min) return fail('too_small', { min: f.min })
  if (typeof f.max === 'string' && s > f.max) return fail('too_large', { max: f.max })
  return ok(s)
}

const date: FieldValidator = (v, f) => (typeof v === 'string' && isDate(v) ? boundedText(v, f) : fail('invalid_date'))

const DATETIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/
/** A time zone is required: a bare local time is ambiguous between a server and a browser. */
const datetime: FieldValidator = (v, f) => {
  const m = typeof v === 'string' ? DATETIME.exec(v) : null
  const t = m && isDate(m[1]) ? Date.parse(v as string) : Number.NaN
  if (Number.isNaN(t)) return fail('invalid_datetime')
  const iso = new Date(t).toISOString()
  const bound = (b: unknown) => (typeof b === 'string' ? new Date(Date.parse(b)).toISOString() : undefined)
  return boundedText(iso, { ...f, min: bound(f.min), max: bound(f.max) })
}

const select: FieldValidator = (v, _f, options) => {
  if (typeof v !== 'string') return fail('invalid_type', { expected: 'an option value' })
  return options?.some(o => o.value === v) ? ok(v) : fail('invalid_option')
}

function list(v: unknown, f: FieldDef, item: (x: unknown) => Check): Check {
  if (!Array.isArray(v)) return fail('invalid_type', { expected: 'a list' })
  const out: unknown[] = []
  for (const [i, x] of v.entries()) {
    const c = item(x)
    if (!c.ok) return { ...c, path: `[${i}]` }
    if (out.includes(c.value)) return fail('duplicate_item', undefined, `[${i}]`)
    out.push(c.value)
  }
  if (typeof f.min === 'number' && out.length < f.min) return fail('too_few', { min: f.min })
  const max = Math.min(typeof f.max === 'number' ? f.max : LIST_MAX, LIST_MAX)
  if (out.length > max) return fail('too_many', { max })
  return ok(out)
}

const multiSelect: FieldValidator = (v, f, options) => list(v, f, x => select(x, f, options))

/** [province, city, district?] checked against the bundled division data; min/max bound the depth. */
const cascader: FieldValidator = (v, f) => {
  if (!Array.isArray(v) || v.length === 0 || v.some(x => typeof x !== 'string')) return fail('invalid_type', { expected: 'a region path' })
  const bad = invalidRegionLevel(v as string[])
  if (bad >= 0) return fail('invalid_region', { level: bad + 1 }, `[${bad}]`)
  if (typeof f.min === 'number' && v.length < f.min) return fail('too_few', { min: f.min })
  if (typeof f.max === 'number' && v.length > f.max) return fail('too_many', { max: f.max })
  return ok([...v])
}

const phone: FieldValidator = (v, f) => {
  const p = parseCnPhone(v)
  const kind = f.phoneKind ?? 'any'
  if (!p) return fail(kind === 'any' ? 'invalid_phone' : `invalid_${kind}`)
  if (kind !== 'any' && p.kind !== kind) return fail(`invalid_${kind}`)
  return ok(p.e164)
}

const email: FieldValidator = (v) => {
  if (typeof v !== 'string') return fail('invalid_type', { expected: 'text' })
  const s = v.normalize('NFKC').trim().toLowerCase()
  return s.length <= 320 && /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(s) ? ok(s) : fail('invalid_email')
}

const id: FieldValidator = v => (typeof v === 'string' && UUID.test(v) ? ok(v.toLowerCase()) : fail('invalid_id'))

/** Ids of files uploaded beforehand; the server checks they exist in the tenant. */
const attachment: FieldValidator = (v, f) => list(v, f, x => id(x, f, undefined))

const location: FieldValidator = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail('invalid_type', { expected: '{ lat, lng, address }' })
  const { lat, lng, address, ...rest } = v as Record<string, unknown>
  const extra = Object.keys(rest)[0]
  if (extra) return fail('invalid_location', { detail: `unknown property ${extra}` }, `.${extra}`)
  if (typeof lat !== 'number' || lat < -90 || lat > 90) return fail('invalid_location', { detail: 'lat ∈ [-90, 90]' }, '.lat')
  if (typeof lng !== 'number' || lng < -180 || lng > 180) return fail('invalid_location', { detail: 'lng ∈ [-180, 180]' }, '.lng')
  if (address !== undefined && (typeof address !== 'string' || address.length > 500)) return fail('invalid_location', { detail: 'address is text ≤ 500' }, '.address')
  return ok({ lat, lng, ...(address === undefined ? {} : { address: address.trim() }) })
}

const rating: FieldValidator = (v) => {
  if (typeof v !== 'number' || !Number.isInteger(v)) return fail('invalid_type', { expected: 'a whole number 1–5' })
  return v < 1 ? fail('too_small', { min: 1 }) : v > 5 ? fail('too_large', { max: 5 }) : ok(v)
}

export const FIELD_VALIDATORS: Record<FieldType, FieldValidator> = {
  text: text('text'),
  textarea: text('textarea'),
  number,
  money,
  date,
  datetime,
  select,
  multiSelect,
  cascader,
  phone,
  email,
  attachment,
  customerRef: id,
  assetRef: id,
  location,
  rating,
}
