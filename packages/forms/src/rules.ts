import { evaluate, truthy } from '@scrm/flow'
import type { FieldDef, FieldState, FormState, ResolvedForm, Rule, TemplateSchema } from './types.js'
import { resolveTemplate } from './template.js'

// Show/hide can feed back into conditions (a hidden field's value disappears); a few passes reach
// a fixed point for any sensible rule set, and a bound keeps a contradictory one from looping.
const MAX_PASSES = 5

export const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)

function baseState(fields: FieldDef[]): Record<string, FieldState> {
  return Object.fromEntries(fields.map(f => [f.key, {
    visible: !f.hidden,
    required: Boolean(f.required),
    ...(f.options ? { options: f.options } : {}),
  }]))
}

function holds(rule: Rule, data: Record<string, unknown>): boolean {
  try {
    return truthy(evaluate(rule.when, data))
  }
  catch {
    // Templates are checked when published; a condition that still fails matches nothing.
    return false
  }
}

function pass(form: ResolvedForm, input: Record<string, unknown>): FormState {
  const fields = baseState(form.fields)
  const values = { ...input }
  for (const rule of form.rules) {
    if (!holds(rule, values)) continue
    for (const a of rule.then) {
      const s = fields[a.field]
      if (!s) continue
      switch (a.action) {
        case 'show': s.visible = true; break
        case 'hide': s.visible = false; break
        case 'require': s.required = true; break
        case 'optional': s.required = false; break
        case 'setOptions': {
          const def = form.fields.find(f => f.key === a.field)
          s.options = (def?.options ?? []).filter(o => a.options.includes(o.value))
          break
        }
        case 'setValue': values[a.field] = a.value; break
      }
    }
  }
  for (const [key, s] of Object.entries(fields)) {
    if (!s.visible) delete values[key]
  }
  return { fields, values }
}

/**
 * The state of every field (visible, required, offered options) and the values a form would keep,
 * for the given input. Defaults fill empty visible fields; values of hidden fields are dropped.
 * The browser calls this on each change; the server calls it before validating.
 */
export function applyRules(template: TemplateSchema, values: Record<string, unknown>, options: { region?: string } = {}): FormState {
  const form = resolveTemplate(template, options.region)
  const withDefaults = { ...values }
  for (const f of form.fields) {
    if (f.defaultValue !== undefined && isEmpty(withDefaults[f.key])) withDefaults[f.key] = f.defaultValue
  }
  let state = pass(form, withDefaults)
  for (let i = 1; i < MAX_PASSES; i++) {
    // Re-run on what survived (plus the submitted values of fields that just became visible).
    const next = pass(form, { ...pickVisible(withDefaults, state), ...state.values })
    if (sameState(next, state)) return next
    state = next
  }
  return state
}

function pickVisible(values: Record<string, unknown>, state: FormState): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => state.fields[k]?.visible !== false))
}

function sameState(a: FormState, b: FormState): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
