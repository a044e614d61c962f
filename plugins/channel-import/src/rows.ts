import { createHash } from 'node:crypto'
import { type FieldDef, type I18nText, type TemplateSchema, validateValues } from '@scrm/forms'
import { normalizeEmail, normalizePhone } from '@scrm/plugin-customers'
import type { NewTicket } from '@scrm/plugin-tickets'
import { importableFields, type Mapping } from './mapping.js'
import type { SheetRow } from './read-file.js'

const PRIORITY_NAMES: Record<string, NewTicket['priority']> = {
  'low': 'low', 'normal': 'normal', 'high': 'high', 'urgent': 'urgent',
  '低': 'low', '普通': 'normal', '中': 'normal', '一般': 'normal', '高': 'high', '紧急': 'urgent',
}

export interface RowError {
  /** As Excel numbers it: the header is row 1. */
  row: number
  column: string | null
  /** `title`, `customer.phone`, `fields.contactPhone`, `rowKey`. */
  field: string
  /** Both UI languages: the screen shows the reader's. */
  reason: I18nText
}

const both = (zh: string, en: string): I18nText => ({ 'zh-CN': zh, 'en-US': en })

export type PreparedRow = { ok: true, row: number, rowKey: string, input: NewTicket } | { ok: false, row: number, errors: RowError[] }

export interface RowContext {
  typeKey: string
  schema: TemplateSchema | undefined
  columns: string[]
  mapping: Mapping
}

/**
 * One spreadsheet row as the intake input, checked the way `POST /api/tickets` checks a body:
 * the template validation of `@scrm/forms`, a title, a known priority, a customer phone/email the
 * customers plugin accepts. Errors name the column and the field.
 */
export function prepareRow(ctx: RowContext, sheetRow: SheetRow): PreparedRow {
  const fieldDefs = new Map(importableFields(ctx.schema).map(f => [f.key, f]))
  const errors: RowError[] = []
  const columnOf = new Map<string, string>()
  const input: NewTicket & { customer: Record<string, string> } = { typeKey: ctx.typeKey, fields: {}, customer: {} }
  let explicitKey: string | undefined
  for (const [column, target] of Object.entries(ctx.mapping)) {
    if (!target) continue
    columnOf.set(target, column)
    const cell = (sheetRow.cells[ctx.columns.indexOf(column)] ?? '').trim()
    if (target.startsWith('fields.')) {
      const def = fieldDefs.get(target.slice(7))!
      if (cell !== '') input.fields![def.key] = cellValue(def, cell)
      continue
    }
    if (cell === '') continue
    if (target === 'title') input.title = cell.slice(0, 200)
    else if (target === 'description') input.description = cell
    else if (target === 'region') input.region = cell
    else if (target === 'rowKey') explicitKey = cell
    else if (target === 'priority') {
      const p = PRIORITY_NAMES[cell.toLowerCase()]
      if (p) input.priority = p
      else errors.push({ row: sheetRow.number, column, field: target, reason: both(`"${cell}" 不是优先级（低、普通、高、紧急）`, `"${cell}" is not a priority (low, normal, high, urgent)`) })
    }
    else if (target === 'customer.phone') check(normalizePhone(cell), 'phone', '不是有效的手机或座机号码')
    else if (target === 'customer.email') check(normalizeEmail(cell), 'email', '不是有效的邮箱地址')
    else if (target === 'customer.name') input.customer.name = cell.slice(0, 100)

    function check(r: { ok: true, value: string } | { ok: false, message: string }, key: string, zh: string) {
      if (r.ok) input.customer[key] = cell
      else errors.push({ row: sheetRow.number, column, field: target!, reason: both(zh, r.message) })
    }
  }
  if (!input.title) errors.push({ row: sheetRow.number, column: columnOf.get('title') ?? null, field: 'title', reason: both('必填', 'is required') })
  if (ctx.schema) {
    const checked = validateValues(ctx.schema, input.fields!, { region: input.region })
    for (const e of checked.errors) {
      const key = e.field.split(/[./[]/)[0]
      errors.push({ row: sheetRow.number, column: columnOf.get(`fields.${key}`) ?? null, field: `fields.${e.field}`, reason: e.message })
    }
  }
  if (explicitKey !== undefined && explicitKey.length > 180) errors.push({ row: sheetRow.number, column: columnOf.get('rowKey') ?? null, field: 'rowKey', reason: both('超过 180 个字符', 'is longer than 180 characters') })
  if (errors.length) return { ok: false, row: sheetRow.number, errors }
  if (!Object.keys(input.customer).length) delete (input as NewTicket).customer
  const rowKey = explicitKey !== undefined ? `k:${explicitKey}` : `h:${contentHash(input)}`
  return { ok: true, row: sheetRow.number, rowKey, input }
}

/** The same content in another file (columns reordered, spaces around cells) hashes the same. */
function contentHash(input: NewTicket): string {
  return createHash('sha256').update(stable(input)).digest('hex')
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map(k => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`
  return JSON.stringify(v)
}

const LIST_SEPARATORS = /\s*[,，;；、|]\s*/

/** A cell's text as the value the field type expects; what does not fit stays text for the validator to name. */
export function cellValue(def: FieldDef, cell: string): unknown {
  switch (def.type) {
    case 'number':
    case 'rating': {
      const n = Number(cell.replace(/,/g, ''))
      return cell !== '' && Number.isFinite(n) ? n : cell
    }
    case 'money': {
      // People write yuan (12.50); the field stores fen.
      const n = Number(cell.replace(/[,¥￥\s]/g, ''))
      return Number.isFinite(n) ? Math.round(n * 100) : cell
    }
    case 'select':
      return optionValue(def, cell)
    case 'multiSelect':
      return cell.split(LIST_SEPARATORS).filter(Boolean).map(x => optionValue(def, x))
    case 'cascader':
      return cell.split(/\s*[/>／]\s*/).filter(Boolean)
    default:
      return cell
  }
}

function optionValue(def: FieldDef, text: string): string {
  const o = def.options?.find(x => x.value === text || x.label['zh-CN'] === text || x.label['en-US'].toLowerCase() === text.toLowerCase())
  return o ? o.value : text
}
