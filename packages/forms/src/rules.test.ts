import { describe, expect, it } from 'vitest'
import { applyRules } from './rules.js'
import { checkTemplate } from './template.js'
import type { TemplateSchema } from './types.js'
import { validateValues } from './validate.js'

const label = { 'zh-CN': '字段', 'en-US': 'Field' }
const opt = (v: string) => ({ value: v, label })

const form: TemplateSchema = {
  fields: [
    { key: 'kind', type: 'select', label, options: [opt('a'), opt('b'), opt('c')] },
    { key: 'detail', type: 'text', label, hidden: true },
    { key: 'note', type: 'text', label, required: true },
    { key: 'level', type: 'select', label, options: [opt('low'), opt('high'), opt('vip')] },
    { key: 'channel', type: 'text', label },
    { key: 'followUp', type: 'text', label, hidden: true },
  ],
  rules: [
    { when: { '==': [{ var: 'kind' }, 'a'] }, then: [{ action: 'show', field: 'detail' }, { action: 'optional', field: 'note' }] },
    { when: { '==': [{ var: 'kind' }, 'b'] }, then: [{ action: 'hide', field: 'note' }, { action: 'setOptions', field: 'level', options: ['low'] }] },
    { when: { '==': [{ var: 'kind' }, 'c'] }, then: [{ action: 'setValue', field: 'channel', value: '400热线' }] },
    // Reads a field another rule shows: chains need more than one pass.
    { when: { '==': [{ var: 'detail' }, '加急'] }, then: [{ action: 'show', field: 'followUp' }, { action: 'require', field: 'followUp' }] },
  ],
}

describe('dynamic rules', () => {
  it('every action: show, hide, require, optional, setOptions, setValue', () => {
    const a = applyRules(form, { kind: 'a' })
    expect(a.fields.detail.visible).toBe(true)
    expect(a.fields.note.required).toBe(false)
    const b = applyRules(form, { kind: 'b', note: 'x', level: 'high' })
    expect(b.fields.note.visible).toBe(false)
    expect(b.values).not.toHaveProperty('note')
    expect(b.fields.level.options).toEqual([opt('low')])
    expect(validateValues(form, { kind: 'b', level: 'high' }).errors.map(e => e.code)).toEqual(['invalid_option'])
    expect(applyRules(form, { kind: 'c' }).values.channel).toBe('400热线')
  })

  it('without a matching rule every field is as defined (no else branches needed)', () => {
    const s = applyRules(form, { kind: 'zzz' })
    expect(s.fields).toMatchObject({ detail: { visible: false }, note: { visible: true, required: true }, level: { options: [opt('low'), opt('high'), opt('vip')] } })
  })

  it('hidden fields are not validated and not stored', () => {
    const r = validateValues(form, { kind: 'b', note: 12345, detail: 'x'.repeat(9999) })
    expect(r.errors).toEqual([])
    expect(r.values).toEqual({ kind: 'b' })
  })

  it('follows chains: a rule on a field another rule revealed', () => {
    const r = validateValues(form, { kind: 'a', detail: '加急' })
    expect(r.errors.map(e => `${e.field}:${e.code}`)).toEqual(['followUp:required'])
    // Hide the parent and the chained field disappears with it.
    const hidden = applyRules(form, { kind: 'b', detail: '加急', followUp: 'x' })
    expect(hidden.fields.followUp.visible).toBe(false)
    expect(hidden.values).toEqual({ kind: 'b' })
  })

  it('the design-time check names bad conditions, unknown fields and invalid option subsets', () => {
    const bad: TemplateSchema = {
      fields: [{ key: 'kind', type: 'select', label, options: [opt('a')] }, { key: 'kind', type: 'text', label }, { key: '1x', type: 'nope' as 'text', label }],
      rules: [
        { when: { frobnicate: [1] }, then: [{ action: 'show', field: 'ghost' }] },
        { when: { '==': [{ var: 'kind' }, 'a'] }, then: [{ action: 'setOptions', field: 'kind', options: ['z'] }] },
      ],
    }
    expect(checkTemplate(bad).map(p => p.path)).toEqual([
      'fields[1].key', 'fields[2].key', 'fields[2].type', 'rules[0].when/frobnicate', 'rules[0].then[0].field', 'rules[1].then[0].options',
    ])
  })
})
