import { checkCondition } from '@scrm/flow'
import { FIELD_VALIDATORS } from './field-types.js'
import { FIELD_TYPES, type FieldDef, type I18nText, type ResolvedForm, type Rule, type TemplateSchema } from './types.js'

/** The base fields and rules plus the region's variant, if the template has one for it. */
export function resolveTemplate(template: TemplateSchema, region?: string): ResolvedForm {
  const variant = region ? template.variants?.[region] : undefined
  if (!variant) return { fields: template.fields, rules: template.rules ?? [] }
  return { fields: [...template.fields, ...(variant.fields ?? [])], rules: [...(template.rules ?? []), ...(variant.rules ?? [])] }
}

export interface TemplateProblem {
  /** Where in the schema: `fields[2].options`, `variants.华东.rules[0].when/and/1`. */
  path: string
  message: I18nText
}

const KEY = /^[a-zA-Z][\w]{0,63}$/
const t = (zh: string, en: string): I18nText => ({ 'zh-CN': zh, 'en-US': en })

/**
 * Design-time check of a template before it is published: unique keys, known types, options
 * where needed, compilable patterns, conditions that are valid JSON Logic over the form's own
 * fields, and rule actions that name existing fields. Empty when the template is fine.
 */
export function checkTemplate(template: TemplateSchema): TemplateProblem[] {
  const problems: TemplateProblem[] = []
  const base = new Set<string>()
  checkFields(template.fields, 'fields', base, problems)
  checkRules(template.rules ?? [], 'rules', template.fields, problems)
  for (const [region, variant] of Object.entries(template.variants ?? {})) {
    const keys = new Set(base)
    checkFields(variant.fields ?? [], `variants.${region}.fields`, keys, problems)
    checkRules(variant.rules ?? [], `variants.${region}.rules`, resolveTemplate(template, region).fields, problems)
  }
  return problems
}

function checkFields(fields: FieldDef[], at: string, keys: Set<string>, problems: TemplateProblem[]): void {
  fields.forEach((f, i) => {
    const p = `${at}[${i}]`
    if (!KEY.test(f.key)) problems.push({ path: `${p}.key`, message: t('字段标识须以字母开头，仅含字母、数字、下划线', 'key must start with a letter and contain only letters, digits and _') })
    else if (keys.has(f.key)) problems.push({ path: `${p}.key`, message: t(`字段标识 ${f.key} 重复`, `key ${f.key} is used twice`) })
    keys.add(f.key)
    if (!(FIELD_TYPES as readonly string[]).includes(f.type)) {
      problems.push({ path: `${p}.type`, message: t(`未知字段类型 ${f.type}`, `unknown field type ${f.type}`) })
      return
    }
    if ((f.type === 'select' || f.type === 'multiSelect')) {
      const values = (f.options ?? []).map(o => o.value)
      if (values.length === 0) problems.push({ path: `${p}.options`, message: t('选择字段需要选项', 'a select field needs options') })
      if (new Set(values).size !== values.length) problems.push({ path: `${p}.options`, message: t('选项值重复', 'option values repeat') })
    }
    if (f.pattern !== undefined) {
      try { new RegExp(f.pattern, 'u') }
      catch { problems.push({ path: `${p}.pattern`, message: t('正则表达式无效', 'pattern is not a valid regular expression') }) }
    }
    if (f.defaultValue !== undefined) {
      const c = FIELD_VALIDATORS[f.type](f.defaultValue, f, f.options)
      if (!c.ok) problems.push({ path: `${p}.defaultValue`, message: t('默认值不符合字段规则', `defaultValue is invalid (${c.code})`) })
    }
  })
}

function checkRules(rules: Rule[], at: string, fields: FieldDef[], problems: TemplateProblem[]): void {
  const byKey = new Map(fields.map(f => [f.key, f]))
  rules.forEach((rule, i) => {
    const p = `${at}[${i}]`
    // Conditions read the form's own values: `{ "var": "problemType" }`.
    for (const c of checkCondition(rule.when, { roots: [...byKey.keys()] }))
      problems.push({ path: `${p}.when${c.pointer}`, message: c.message })
    rule.then.forEach((a, j) => {
      const f = byKey.get(a.field)
      if (!f) {
        problems.push({ path: `${p}.then[${j}].field`, message: t(`没有字段 ${a.field}`, `no field ${a.field}`) })
        return
      }
      if (a.action === 'setOptions') {
        const known = new Set((f.options ?? []).map(o => o.value))
        if (!a.options.every(o => known.has(o))) problems.push({ path: `${p}.then[${j}].options`, message: t('只能选用字段已有的选项', 'options must be values the field already offers') })
      }
      if (a.action === 'setValue' && a.value !== null && !FIELD_VALIDATORS[f.type](a.value, f, f.options).ok)
        problems.push({ path: `${p}.then[${j}].value`, message: t('设置的值不符合字段规则', 'value is invalid for the field') })
    })
  })
}
