import { FIELD_VALIDATORS } from './field-types.js'
import { message } from './messages.js'
import { applyRules, isEmpty } from './rules.js'
import { resolveTemplate } from './template.js'
import type { FormState, TemplateSchema, ValidationError, ValidationResult } from './types.js'

export interface ValidateOptions {
  /** Region whose variant applies (华东 → cold-chain fields). */
  region?: string
  /** The state `applyRules` already computed for these values (the browser has it at hand). */
  state?: FormState
}

/**
 * Validates and normalizes a form's values against its template: unknown keys are errors, hidden
 * fields are neither validated nor kept, required means non-empty, and each value is checked by
 * its field type (phone → E.164, email lower-cased …). The same function runs in the browser and
 * on the server, so a form the browser accepts is one the server accepts.
 */
export function validateValues(template: TemplateSchema, values: Record<string, unknown>, options: ValidateOptions = {}): ValidationResult {
  const form = resolveTemplate(template, options.region)
  const errors: ValidationError[] = []
  const byKey = new Map(form.fields.map(f => [f.key, f]))
  if (typeof values !== 'object' || values === null || Array.isArray(values))
    return { ok: false, values: {}, errors: [{ field: '', code: 'invalid_type', message: message('invalid_type', { expected: 'an object' }) }] }
  for (const key of Object.keys(values)) {
    if (!byKey.has(key)) errors.push({ field: key, code: 'unknown_field', message: message('unknown_field') })
  }
  const state = options.state ?? applyRules(template, values, { region: options.region })
  const out: Record<string, unknown> = {}
  for (const field of form.fields) {
    const s = state.fields[field.key]
    if (!s?.visible) continue
    const value = state.values[field.key]
    if (isEmpty(value) || (typeof value === 'string' && value.trim() === '')) {
      if (s.required) errors.push({ field: field.key, code: 'required', message: message('required') })
      continue
    }
    const check = FIELD_VALIDATORS[field.type](value, field, s.options)
    if (check.ok) out[field.key] = check.value
    else errors.push({ field: `${field.key}${check.path ?? ''}`, code: check.code, message: message(check.code, check.params) })
  }
  return { ok: errors.length === 0, values: out, errors }
}
