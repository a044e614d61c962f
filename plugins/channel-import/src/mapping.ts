import type { FieldDef, I18nText, TemplateSchema } from '@scrm/forms'

/** Ticket properties a column can fill besides template fields (`fields.<key>`). */
export const PROPERTIES = ['title', 'description', 'priority', 'region', 'customer.name', 'customer.phone', 'customer.email', 'rowKey'] as const
export type Property = typeof PROPERTIES[number]

/** Column header → target (`title`, `customer.phone`, `fields.contactPhone` …); null = not imported. */
export type Mapping = Record<string, string | null>

/** Field types a spreadsheet cell can express. */
const CELL_TYPES = new Set(['text', 'textarea', 'number', 'money', 'date', 'datetime', 'select', 'multiSelect', 'cascader', 'phone', 'email', 'rating'])

// Header names people use for the properties (compared lower-cased, without spaces).
const ALIASES: Record<Property, string[]> = {
  'title': ['title', 'subject', '标题', '主题', '工单标题'],
  'description': ['description', 'details', '描述', '详情', '问题描述', '工单描述'],
  'priority': ['priority', '优先级'],
  'region': ['region', '区域', '地区'],
  'customer.name': ['customer', 'customername', 'name', '客户', '客户姓名', '客户名称', '姓名'],
  'customer.phone': ['phone', 'mobile', 'customerphone', '手机', '手机号', '电话', '客户电话', '客户手机'],
  'customer.email': ['email', 'e-mail', 'customeremail', '邮箱', '电子邮件', '客户邮箱'],
  'rowKey': ['rowkey', 'externalid', 'externalkey', '外部编号', '外部单号', '原单号', '行键'],
}

const norm = (s: string) => s.toLowerCase().replace(/[\s_]+/g, '')

export interface TargetInfo {
  target: string
  label: I18nText
  required: boolean
}

const PROPERTY_LABELS: Record<Property, I18nText> = {
  'title': { 'zh-CN': '标题', 'en-US': 'Title' },
  'description': { 'zh-CN': '描述', 'en-US': 'Description' },
  'priority': { 'zh-CN': '优先级', 'en-US': 'Priority' },
  'region': { 'zh-CN': '区域', 'en-US': 'Region' },
  'customer.name': { 'zh-CN': '客户姓名', 'en-US': 'Customer name' },
  'customer.phone': { 'zh-CN': '客户手机', 'en-US': 'Customer phone' },
  'customer.email': { 'zh-CN': '客户邮箱', 'en-US': 'Customer email' },
  'rowKey': { 'zh-CN': '外部编号（去重键）', 'en-US': 'External key (deduplication)' },
}

/** Every target a column may map to for this template, for the mapping table. */
export function targets(schema: TemplateSchema | undefined): TargetInfo[] {
  const props = PROPERTIES.map(p => ({ target: p, label: PROPERTY_LABELS[p], required: p === 'title' }))
  return [...props, ...importableFields(schema).map(f => ({ target: `fields.${f.key}`, label: f.label, required: !!f.required && !f.hidden }))]
}

/** Template fields (base and region variants) a cell can fill. */
export function importableFields(schema: TemplateSchema | undefined): FieldDef[] {
  if (!schema) return []
  const variants = Object.values(schema.variants ?? {}).flatMap(v => v.fields ?? [])
  return [...schema.fields, ...variants].filter(f => CELL_TYPES.has(f.type))
}

/** A mapping from header names: field key or label (zh/en) first, then the usual property names. */
export function proposeMapping(columns: string[], schema: TemplateSchema | undefined): Mapping {
  const fields = importableFields(schema)
  const used = new Set<string>()
  const out: Mapping = {}
  for (const column of columns) {
    if (!column) continue
    const n = norm(column)
    const field = fields.find(f => !used.has(`fields.${f.key}`) && [f.key, f.label['zh-CN'], f.label['en-US']].some(x => norm(x) === n))
    const property = PROPERTIES.find(p => !used.has(p) && (norm(p) === n || ALIASES[p].includes(n) || [PROPERTY_LABELS[p]['zh-CN'], PROPERTY_LABELS[p]['en-US']].some(x => norm(x) === n)))
    const target = field ? `fields.${field.key}` : property ?? null
    if (target) used.add(target)
    out[column] = target
  }
  return out
}

export interface MappingProblem {
  field: string
  message: string
}

/** Problems of a mapping as a whole (before any row is looked at). */
export function checkMapping(mapping: Mapping, columns: string[], schema: TemplateSchema | undefined): MappingProblem[] {
  const problems: MappingProblem[] = []
  const valid = new Set(targets(schema).map(t => t.target))
  const seen = new Map<string, string>()
  for (const [column, target] of Object.entries(mapping)) {
    const at = `/mapping/${column}`
    if (!columns.includes(column)) problems.push({ field: at, message: 'is not a column of the file' })
    if (target === null) continue
    if (!valid.has(target)) problems.push({ field: at, message: `maps to ${target}, which is not a ticket property or an importable field of this template` })
    else if (seen.has(target)) problems.push({ field: at, message: `maps to ${target}, which column "${seen.get(target)}" already fills` })
    seen.set(target, column)
  }
  if (!seen.has('title')) problems.push({ field: '/mapping', message: 'no column maps to title (every ticket needs one)' })
  return problems
}
