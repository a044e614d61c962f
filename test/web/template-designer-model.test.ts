// The template designer's pure model (apps/web/src/features/template-designer/model) against the
// real @scrm/forms: what the rule editor writes is what applyRules/validateValues evaluate, and
// problems from checkTemplate and from the server's 400 land on the same field.
import { applyRules, checkTemplate, FIELD_TYPES, validateValues, type TemplateSchema } from '@scrm/forms'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../apps/web/src/api/client'
import { freeKey, moveItem, newField, PALETTE_GROUPS } from '../../apps/web/src/features/template-designer/model/fields'
import { liveProblems, placeProblem, serverProblems } from '../../apps/web/src/features/template-designer/model/problems'
import { coerceForField, conditionToLogic, logicToCondition, newRule, withKind } from '../../apps/web/src/features/template-designer/model/rules'

const label = (zh: string) => ({ 'zh-CN': zh, 'en-US': zh })

describe('template designer model', () => {
  it('offers every field type of @scrm/forms exactly once', () => {
    expect(PALETTE_GROUPS.flatMap(g => g.types).sort()).toEqual([...FIELD_TYPES].sort())
  })

  it('gives new fields free keys and select fields options that pass checkTemplate', () => {
    expect(freeKey('text', new Set(['text', 'text2']))).toBe('text3')
    const select = newField('select', new Set(), label('单选'), n => label(`选项${n}`))
    expect(select.options?.map(o => o.value)).toEqual(['选项1', '选项2'])
    expect(checkTemplate({ fields: [select, newField('rating', new Set(), label('评分'), n => label(String(n)))] })).toEqual([])
  })

  it('reorders like a drop before the item at the target index', () => {
    expect(moveItem(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c'])
    expect(moveItem(['a', 'b', 'c', 'd'], 0, 3)).toEqual(['b', 'c', 'a', 'd'])
    expect(moveItem(['a', 'b', 'c', 'd'], 0, 4)).toEqual(['b', 'c', 'd', 'a'])
  })

  it('writes the rule JSON that applyRules and validateValues evaluate (售后服务 → 故障描述 required)', () => {
    const schema: TemplateSchema = {
      fields: [
        { key: 'problemType', type: 'select', label: label('问题类型'), options: [{ value: '产品咨询', label: label('产品咨询') }, { value: '售后服务', label: label('售后服务') }] },
        { key: 'faultDescription', type: 'text', label: label('故障描述') },
        { key: 'score', type: 'number', label: label('分数') },
      ],
    }
    const rule = newRule(schema.fields)
    expect(logicToCondition(rule.when)).toEqual({ field: 'problemType', op: '==', value: '产品咨询' })
    rule.when = conditionToLogic({ field: 'problemType', op: '==', value: '售后服务' })
    rule.then = [{ action: 'require', field: 'faultDescription' }]
    expect(rule.when).toEqual({ '==': [{ var: 'problemType' }, '售后服务'] })
    const withRule = { ...schema, rules: [rule] }
    expect(checkTemplate(withRule)).toEqual([])
    expect(applyRules(withRule, { problemType: '售后服务' }).fields.faultDescription.required).toBe(true)
    expect(applyRules(withRule, { problemType: '产品咨询' }).fields.faultDescription.required).toBe(false)
    expect(validateValues(withRule, { problemType: '售后服务' }).errors.map(e => [e.field, e.code])).toEqual([['faultDescription', 'required']])

    // Number fields compare as numbers, so `score > 8` means what it says.
    const scoreRule = { when: conditionToLogic({ field: 'score', op: '>', value: coerceForField(schema.fields[2], '8') }), then: [withKind({ action: 'show', field: 'faultDescription' }, 'require')] }
    expect(applyRules({ ...schema, rules: [scoreRule] }, { score: 10 }).fields.faultDescription.required).toBe(true)
    expect(applyRules({ ...schema, rules: [scoreRule] }, { score: 3 }).fields.faultDescription.required).toBe(false)
  })

  it('shows richer JSON Logic as JSON instead of guessing a simple condition', () => {
    expect(logicToCondition({ and: [{ '==': [{ var: 'a' }, 1] }, { '==': [{ var: 'b' }, 2] }] })).toBeNull()
    expect(logicToCondition({ '==': [{ var: 'a' }, { var: 'b' }] })).toBeNull()
    expect(logicToCondition({ in: [{ var: 'a' }, ['x', 'y']] })).toEqual({ field: 'a', op: 'in', value: ['x', 'y'] })
  })

  it('places checkTemplate paths and the server\'s 400 paths on the same field', () => {
    expect(placeProblem('fields[2].key', 'x')).toEqual({ scope: 'base', fieldIndex: 2, prop: 'key', message: 'x' })
    expect(placeProblem('/schema/fields/2/key', 'x')).toEqual({ scope: 'base', fieldIndex: 2, prop: 'key', message: 'x' })
    expect(placeProblem('/schema/variants.华东.fields[0].pattern', 'x')).toEqual({ scope: '华东', fieldIndex: 0, prop: 'pattern', message: 'x' })
    expect(placeProblem('rules[1].when/and/0', 'x')).toEqual({ scope: 'base', ruleIndex: 1, message: 'x' })

    const bad: TemplateSchema = { fields: [{ key: 'ok', type: 'text', label: label('a') }, { key: '1bad', type: 'text', label: label('b') }] }
    expect(liveProblems(bad, 'zh-CN')).toEqual([{ scope: 'base', fieldIndex: 1, prop: 'key', message: '字段标识须以字母开头，仅含字母、数字、下划线' }])
    const fromServer = new ApiError(400, { error: 'Bad Request', message: 'invalid template', details: [{ in: 'body', field: '/schema/fields[1].key', message: label('坏') }, { in: 'body', field: '/expectedVersion', message: 'no' }] })
    expect(serverProblems(fromServer, 'zh-CN')).toEqual([{ scope: 'base', fieldIndex: 1, prop: 'key', message: '坏' }])
  })
})
