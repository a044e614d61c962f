/**
 * Node config checks, driven by the config JSON Schemas (core and plugin alike): required fields,
 * types, and the `x-widget` hints that mean "this is a duration / condition / script / assignee".
 * A small walker rather than ajv: the package stays dependency-free and every finding names the
 * node and the config path, in both languages.
 */

import { checkCondition } from './condition-check.js'
import { error, nodeLabel, type Diagnostic, type DiagnosticCode } from './diagnostics.js'
import { DurationError, parseDuration, warnOffset } from './duration.js'
import type { FlowNode } from './ir.js'
import { isLogicNode } from './operators.js'
import { configSchemaFor, type JsonSchema } from './schema.js'
import type { CheckContext } from './validate-context.js'

interface Walk {
  ctx: CheckContext
  node: FlowNode
  out: Diagnostic[]
}

export function checkConfigs(ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const node of ctx.g.nodes.values()) {
    const schema = configSchemaFor(node.type, ctx.configSchemas)
    if (!schema) continue
    const w: Walk = { ctx, node, out }
    if (node.config !== undefined && !isPlainObject(node.config)) {
      report(w, 'invalid_config', 'config', `节点${nodeLabel(node)}的配置必须是对象`, `The config of node ${nodeLabel(node)} must be an object`)
    } else {
      visit(w, node.config ?? {}, schema, '', undefined)
    }
  }
  return out
}

function visit(w: Walk, value: unknown, schema: JsonSchema, field: string, parent: unknown): void {
  const at = `Node ${nodeLabel(w.node)}: "${field}"`
  const atZh = `节点${nodeLabel(w.node)}的“${field}”`
  if (!typeMatches(value, schema.type)) {
    return report(w, 'invalid_config', field, `${atZh}应为 ${String(schema.type)}`, `${at} must be ${String(schema.type)}`)
  }
  if (schema.enum && !schema.enum.includes(value)) {
    const allowed = schema.enum.map((v) => JSON.stringify(v)).join(' / ')
    return report(w, 'invalid_config', field, `${atZh}只能是 ${allowed}`, `${at} must be one of ${allowed}`)
  }
  if (typeof value === 'number' && !inRange(value, schema)) {
    const range = `${schema.minimum ?? '-∞'}…${schema.maximum ?? '∞'}`
    return report(w, 'invalid_config', field, `${atZh}超出范围 ${range}`, `${at} is outside ${range}`)
  }
  const widget = schema['x-widget']
  if (widget && Object.hasOwn(WIDGETS, widget) && WIDGETS[widget](w, value, field, parent)) return
  if (typeof value === 'string') checkString(w, value, schema, field)
  else if (Array.isArray(value)) checkArray(w, value, schema, field)
  else if (isPlainObject(value)) checkObject(w, value, schema, field)
}

function inRange(n: number, schema: JsonSchema): boolean {
  return (schema.minimum === undefined || n >= schema.minimum) && (schema.maximum === undefined || n <= schema.maximum)
}

function checkString(w: Walk, value: string, schema: JsonSchema, field: string): void {
  if (schema.minLength !== undefined && value.trim().length < schema.minLength) {
    return missing(w, field, schema)
  }
  if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) {
    report(w, 'invalid_config', field, `节点${nodeLabel(w.node)}的“${field}”格式不正确：“${value}”`,
      `Node ${nodeLabel(w.node)}: "${field}" has a malformed value "${value}"`)
  }
}

function checkArray(w: Walk, value: unknown[], schema: JsonSchema, field: string): void {
  if (schema.minItems !== undefined && value.length < schema.minItems) return missing(w, field, schema)
  if (schema.items) value.forEach((item, i) => visit(w, item, schema.items!, `${field}[${i}]`, value))
}

function checkObject(w: Walk, value: Record<string, unknown>, schema: JsonSchema, field: string): void {
  for (const key of schema.required ?? []) {
    if (value[key] === undefined) missing(w, join(field, key), schema.properties?.[key])
  }
  checkAnyOfRequired(w, value, schema, field)
  if (schema.minProperties !== undefined && Object.keys(value).length < schema.minProperties) {
    return missing(w, field, schema)
  }
  for (const [key, v] of Object.entries(value)) {
    const path = join(field, key)
    const pattern = schema.propertyNames?.pattern
    if (pattern && !new RegExp(pattern, 'u').test(key)) {
      report(w, 'invalid_config', path, `节点${nodeLabel(w.node)}的目标路径“${key}”无效（应以 ticket. 或 vars. 开头）`,
        `Node ${nodeLabel(w.node)}: target path "${key}" is invalid (it must start with ticket. or vars.)`)
      continue
    }
    const sub = propertySchema(schema, key)
    if (sub && v !== undefined) visit(w, v, sub, path, value)
  }
}

/** `anyOf: [{ required: ['duration'] }, { required: ['until'] }]` means "at least one of these". */
function checkAnyOfRequired(w: Walk, value: Record<string, unknown>, schema: JsonSchema, field: string): void {
  const sets = schema.anyOf?.map((s) => s.required ?? [])
  if (!sets?.length || sets.some((keys) => keys.every((k) => value[k] !== undefined))) return
  const names = (locale: 'zh-CN' | 'en-US', or: string) => sets
    .map((keys) => keys.map((k) => `${schema.properties?.[k]?.['x-label']?.[locale] ?? k}${locale === 'en-US' ? ' ' : ''}(${k})`).join(' + '))
    .join(or)
  report(w, 'missing_config', join(field, sets[0][0]),
    `节点${nodeLabel(w.node)}需要配置${names('zh-CN', ' 或 ')}`,
    `Node ${nodeLabel(w.node)} needs ${names('en-US', ' or ')}`)
}

function propertySchema(schema: JsonSchema, key: string): JsonSchema | undefined {
  if (schema.properties && Object.hasOwn(schema.properties, key)) return schema.properties[key]
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined
}

/** An absent assignee is its own code: it is the most common mistake and the designer highlights it. */
function missing(w: Walk, field: string, schema: JsonSchema | undefined): void {
  const label = schema?.['x-label']
  if (schema?.['x-widget'] === 'assignRule') return noAssignee(w, field, schema)
  report(w, 'missing_config', field,
    `节点${nodeLabel(w.node)}缺少必填配置“${label?.['zh-CN'] ?? field}”(${field})`,
    `Node ${nodeLabel(w.node)} is missing required config "${label?.['en-US'] ?? field}" (${field})`)
}

function noAssignee(w: Walk, field: string, schema: JsonSchema): void {
  const label = schema['x-label']
  report(w, 'task_without_assignment', field,
    `节点${nodeLabel(w.node)}未设置${label?.['zh-CN'] ?? '处理人'}（${field}），任务将无人处理`,
    `Node ${nodeLabel(w.node)} has no ${(label?.['en-US'] ?? 'assignee').toLowerCase()} (${field}): nobody would get the task`)
}

type WidgetCheck = (w: Walk, value: unknown, field: string, parent: unknown) => boolean

/** Checks behind `x-widget`; return true when they reported something (stop walking that value). */
const WIDGETS: Record<string, WidgetCheck> = {
  duration: (w, value, field) => badDuration(w, field, value, () => parseDuration(value as string)),
  percentOrDuration: (w, value, field, parent) => badDuration(w, field, value, () => {
    const target = (parent as { target?: unknown } | undefined)?.target
    let targetMs = Number.POSITIVE_INFINITY
    try {
      targetMs = parseDuration(target as string)
    } catch {
      // The target's own diagnostic covers it; still check the warnAt format.
    }
    warnOffset(value as string, targetMs)
  }),
  condition: (w, value, field) => badLogic(w, field, checkCondition(value)),
  expression: (w, value, field) =>
    (isLogicNode(value) || Array.isArray(value)) && badLogic(w, field, checkCondition(value, { allowLiteralObjects: true })),
  script: (w, value, field) => {
    const problem = typeof value === 'string' && value.trim() ? w.ctx.parseScript(value) : undefined
    if (problem) {
      report(w, 'script_parse_error', field, `脚本${nodeLabel(w.node)}有语法错误：${problem}`,
        `Script ${nodeLabel(w.node)} does not parse: ${problem}`)
    }
    return Boolean(problem)
  },
  assignRule: (w, value, field) => {
    const rule = value as Record<string, unknown>
    const has = (k: string) => (Array.isArray(rule[k]) ? (rule[k] as unknown[]).length > 0 : Boolean(rule[k]))
    // `rules: true` hands the choice to the tenant's routing rules (routing plugin).
    if (['users', 'role', 'team', 'strategy', 'expr', 'rules'].some(has)) return false
    noAssignee(w, field, { 'x-label': undefined, 'x-widget': 'assignRule' })
    return true
  },
}

function badDuration(w: Walk, field: string, value: unknown, check: () => void): boolean {
  try {
    check()
    return false
  } catch (e) {
    const err = e instanceof DurationError ? e : new DurationError(value, String(e))
    report(w, 'invalid_duration', field,
      `节点${nodeLabel(w.node)}的“${field}”不是有效时长“${String(value)}”：${err.reasonZh}`,
      `Node ${nodeLabel(w.node)}: "${field}" is not a valid duration "${String(value)}": ${err.reason}`)
    return true
  }
}

function badLogic(w: Walk, field: string, problems: ReturnType<typeof checkCondition>): boolean {
  for (const p of problems) {
    report(w, 'invalid_condition', field, `节点${nodeLabel(w.node)}的“${field}”条件有误：${p.message['zh-CN']}`,
      `Node ${nodeLabel(w.node)}: the expression in "${field}" is invalid: ${p.message['en-US']}`)
  }
  return problems.length > 0
}

function report(w: Walk, code: DiagnosticCode, field: string, zh: string, en: string): void {
  w.out.push(error(code, { nodeId: w.node.id, field }, zh, en))
}

function join(field: string, key: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${field}[${JSON.stringify(key)}]`
  return field ? `${field}.${key}` : key
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function typeMatches(value: unknown, type: JsonSchema['type']): boolean {
  if (type === undefined) return true
  const types = Array.isArray(type) ? type : [type]
  return types.some((t) => {
    switch (t) {
      case 'object': return isPlainObject(value)
      case 'array': return Array.isArray(value)
      case 'integer': return Number.isInteger(value)
      case 'number': return typeof value === 'number' && Number.isFinite(value)
      case 'null': return value === null
      default: return typeof value === t
    }
  })
}
