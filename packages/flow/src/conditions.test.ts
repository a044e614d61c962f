import { describe, expect, it } from 'vitest'
import { ConditionError, checkCondition, conditionVars, evaluate, truthy } from './conditions.js'

const data = {
  ticket: { priority: 'high', fields: { product: '空调', items: [{ sku: 'A', qty: 2 }, { sku: 'B', qty: 3 }], note: '' } },
  customer: { tier: 'VIP', name: '张三', city: '上海市', tags: ['老客户', '投诉'] },
  form: { amount: 1200 },
  vars: { n: 3, n2: { outcome: '修好' } },
}

describe('evaluate', () => {
  it('customer.tier == VIP', () => {
    expect(evaluate({ '==': [{ var: 'customer.tier' }, 'VIP'] }, data)).toBe(true)
    expect(evaluate({ '==': [{ var: 'customer.tier' }, 'VIP'] }, { customer: { tier: '普通' } })).toBe(false)
  })

  it('var: dot paths, array indexes, defaults, whole data', () => {
    expect(evaluate({ var: 'ticket.fields.items.1.sku' }, data)).toBe('B')
    expect(evaluate({ var: ['customer.level', '普通'] }, data)).toBe('普通')
    expect(evaluate({ var: 'customer.nothing.deeper' }, data)).toBeNull()
    expect(evaluate({ var: '' }, 42)).toBe(42)
    expect(evaluate({ var: 'vars.n2.outcome' }, data)).toBe('修好')
  })

  it('var never reads inherited properties', () => {
    expect(evaluate({ var: 'customer.constructor' }, data)).toBeNull()
    expect(evaluate({ var: 'customer.__proto__' }, data)).toBeNull()
    expect(evaluate({ var: 'customer.name.length' }, data)).toBe(2)
  })

  it('missing vars are null, so comparisons with them are false', () => {
    expect(evaluate({ '==': [{ var: 'customer.tier' }, 'VIP'] }, {})).toBe(false)
    expect(evaluate({ '>': [{ var: 'form.amount' }, 1000] }, {})).toBe(false)
    expect(evaluate({ '==': [{ var: 'form.x' }, null] }, {})).toBe(true)
  })

  it('Chinese strings: equality, in, cat, substr', () => {
    expect(evaluate({ '===': [{ var: 'ticket.fields.product' }, '空调'] }, data)).toBe(true)
    expect(evaluate({ in: ['上海', { var: 'customer.city' }] }, data)).toBe(true)
    expect(evaluate({ in: ['投诉', { var: 'customer.tags' }] }, data)).toBe(true)
    expect(evaluate({ in: ['北京', { var: 'customer.city' }] }, data)).toBe(false)
    expect(evaluate({ cat: ['尊敬的', { var: 'customer.name' }, '先生'] }, data)).toBe('尊敬的张三先生')
    expect(evaluate({ cat: ['您好', { var: 'customer.nick' }] }, data)).toBe('您好')
    expect(evaluate({ substr: ['上海市浦东新区', 0, 3] }, data)).toBe('上海市')
    expect(evaluate({ substr: ['上海市浦东新区', -2] }, data)).toBe('新区')
    expect(evaluate({ substr: ['上海市浦东新区', 3, -2] }, data)).toBe('浦东')
  })

  it('equality: loose and strict', () => {
    expect(evaluate({ '==': [1, '1'] }, null)).toBe(true)
    expect(evaluate({ '===': [1, '1'] }, null)).toBe(false)
    expect(evaluate({ '!=': [1, '2'] }, null)).toBe(true)
    expect(evaluate({ '!==': [1, '1'] }, null)).toBe(true)
  })

  it('truthiness: !, !!, empty arrays are false', () => {
    expect(evaluate({ '!': [{ var: 'ticket.fields.note' }] }, data)).toBe(true)
    expect(evaluate({ '!!': [[]] }, null)).toBe(false)
    expect(evaluate({ '!!': ['0'] }, null)).toBe(true)
    expect(evaluate({ '!': true }, null)).toBe(false)
    expect(truthy(0)).toBe(false)
  })

  it('and / or return the deciding value and short-circuit', () => {
    expect(evaluate({ and: [true, 'a', 3] }, null)).toBe(3)
    expect(evaluate({ and: [true, '', { nope: [] }] }, null)).toBe('')
    expect(evaluate({ or: [false, 0, 'x'] }, null)).toBe('x')
    expect(evaluate({ or: [1, { nope: [] }] }, null)).toBe(1)
  })

  it('if / ?: chains', () => {
    const grade = { if: [{ '>=': [{ var: 'form.amount' }, 5000] }, '大额', { '>=': [{ var: 'form.amount' }, 1000] }, '中额', '小额'] }
    expect(evaluate(grade, data)).toBe('中额')
    expect(evaluate(grade, { form: { amount: 10 } })).toBe('小额')
    expect(evaluate({ '?:': [{ var: 'customer.tier' }, 'yes', 'no'] }, data)).toBe('yes')
    expect(evaluate({ if: [false, 1] }, null)).toBeNull()
  })

  it('comparisons, including 3-argument between', () => {
    expect(evaluate({ '>': [2, 1] }, null)).toBe(true)
    expect(evaluate({ '>=': [1, 1] }, null)).toBe(true)
    expect(evaluate({ '<': [1, { var: 'vars.n' }, 5] }, data)).toBe(true)
    expect(evaluate({ '<': [1, 5, 5] }, null)).toBe(false)
    expect(evaluate({ '<=': [1, 5, 5] }, null)).toBe(true)
    expect(evaluate({ '<=': [1, 0, 5] }, null)).toBe(false)
  })

  it('arithmetic and min/max', () => {
    expect(evaluate({ '+': [1, '2', 3.5] }, null)).toBe(6.5)
    expect(evaluate({ '+': ['3'] }, null)).toBe(3)
    expect(evaluate({ '-': [10, 4] }, null)).toBe(6)
    expect(evaluate({ '-': [2] }, null)).toBe(-2)
    expect(evaluate({ '*': [2, '3', 4] }, null)).toBe(24)
    expect(evaluate({ '/': [{ var: 'form.amount' }, 4] }, data)).toBe(300)
    expect(evaluate({ '%': [7, 3] }, null)).toBe(1)
    expect(evaluate({ min: [3, 1, 2] }, null)).toBe(1)
    expect(evaluate({ max: [3, { var: 'vars.n' }, 9] }, data)).toBe(9)
    expect(evaluate({ max: ['abc'] }, null)).toBeNull()
  })

  it('missing and missing_some', () => {
    expect(evaluate({ missing: ['customer.tier', 'customer.phone', 'ticket.fields.note'] }, data))
      .toEqual(['customer.phone', 'ticket.fields.note'])
    expect(evaluate({ missing_some: [1, ['customer.phone', 'customer.name']] }, data)).toEqual([])
    expect(evaluate({ missing_some: [2, ['customer.phone', 'customer.name']] }, data)).toEqual(['customer.phone'])
    expect(evaluate({ if: [{ missing: { merge: ['customer.phone'] } }, '缺电话', 'ok'] }, data)).toBe('缺电话')
  })

  it('array operators: some / all / none / map / filter / reduce / merge', () => {
    const items = { var: 'ticket.fields.items' }
    expect(evaluate({ some: [items, { '>': [{ var: 'qty' }, 2] }] }, data)).toBe(true)
    expect(evaluate({ all: [items, { '>': [{ var: 'qty' }, 2] }] }, data)).toBe(false)
    expect(evaluate({ all: [[], true] }, null)).toBe(false)
    expect(evaluate({ none: [items, { '==': [{ var: 'sku' }, 'Z'] }] }, data)).toBe(true)
    expect(evaluate({ map: [items, { var: 'sku' }] }, data)).toEqual(['A', 'B'])
    expect(evaluate({ filter: [items, { '==': [{ var: 'sku' }, 'B'] }] }, data)).toEqual([{ sku: 'B', qty: 3 }])
    expect(evaluate({ reduce: [items, { '+': [{ var: 'accumulator' }, { var: 'current.qty' }] }, 0] }, data)).toBe(5)
    expect(evaluate({ map: [{ var: 'nothing' }, 1] }, data)).toEqual([])
    expect(evaluate({ merge: [1, [2, 3], [[4]]] }, null)).toEqual([1, 2, 3, [4]])
  })

  it('literals and arrays evaluate to themselves / element-wise', () => {
    expect(evaluate('文本', null)).toBe('文本')
    expect(evaluate([1, { var: 'vars.n' }], data)).toEqual([1, 3])
    expect(evaluate({ a: 1, b: 2 }, null)).toEqual({ a: 1, b: 2 })
  })

  it('unknown operators and wrong arity throw clear errors', () => {
    expect(() => evaluate({ method: ['x', 'constructor'] }, null)).toThrow(/Unknown JSON Logic operator "method"/)
    expect(() => evaluate({ toString: [] }, null)).toThrow(ConditionError)
    expect(() => evaluate({ '==': [1] }, null)).toThrow(/"==" takes 2 argument\(s\), got 1/)
    let deep: unknown = true
    for (let i = 0; i < 200; i++) deep = { '!': [deep] }
    expect(() => evaluate(deep, null)).toThrow(/deeper/)
  })

  it('is deterministic: same input, same output, input untouched', () => {
    const logic = { map: [{ var: 'ticket.fields.items' }, { cat: [{ var: 'sku' }, '×', { var: 'qty' }] }] }
    const before = JSON.stringify([logic, data])
    expect(evaluate(logic, data)).toEqual(['A×2', 'B×3'])
    expect(evaluate(logic, data)).toEqual(evaluate(logic, data))
    expect(JSON.stringify([logic, data])).toBe(before)
  })
})

describe('checkCondition', () => {
  it('accepts valid conditions, including item scopes', () => {
    expect(checkCondition({ '==': [{ var: 'customer.tier' }, 'VIP'] })).toEqual([])
    expect(checkCondition(true)).toEqual([])
    expect(checkCondition({ some: [{ var: 'ticket.fields.items' }, { '>': [{ var: 'qty' }, 2] }] })).toEqual([])
    expect(checkCondition({ reduce: [{ var: 'form.rows' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] })).toEqual([])
    expect(checkCondition({ var: 'customer' })).toEqual([])
  })

  it('reports unknown operators with a pointer', () => {
    const [p] = checkCondition({ and: [true, { like: ['a', 'b'] }] })
    expect(p).toMatchObject({ code: 'unknown_operator', operator: 'like', pointer: '/and/1/like' })
    expect(p.message['zh-CN']).toContain('like')
  })

  it('reports wrong arity', () => {
    expect(checkCondition({ '!': [1, 2] })).toMatchObject([{ code: 'arity', operator: '!' }])
    expect(checkCondition({ '<': [1, 2, 3, 4] })).toMatchObject([{ code: 'arity' }])
    expect(checkCondition({ '?:': [1, 2] })).toMatchObject([{ code: 'arity' }])
  })

  it('reports var paths outside ticket./customer./form./vars.', () => {
    expect(checkCondition({ '==': [{ var: 'tier' }, 'VIP'] })).toMatchObject([{ code: 'bad_var_path', pointer: '/==/0/var/0' }])
    expect(checkCondition({ var: '' })).toMatchObject([{ code: 'bad_var_path' }])
    expect(checkCondition({ missing: ['phone'] })).toMatchObject([{ code: 'bad_var_path', operator: 'missing' }])
    expect(checkCondition({ missing_some: [1, ['customer.a', 'b']] })).toMatchObject([{ code: 'bad_var_path', pointer: '/missing_some/1/1' }])
    expect(checkCondition({ var: 'x' }, { roots: ['x'] })).toEqual([])
  })

  it('reports literal objects where a condition is expected', () => {
    expect(checkCondition({ '==': [1, 1], extra: true })).toMatchObject([{ code: 'not_logic', pointer: '' }])
    expect(checkCondition({ and: [{}, true] })).toMatchObject([{ code: 'not_logic', pointer: '/and/0' }])
    expect(checkCondition({ '==': [{ var: 'form.a' }, { a: 1, b: 2 }] }, { allowLiteralObjects: true })).toEqual([])
  })

  it('finds several problems at once and never throws', () => {
    expect(checkCondition({ or: [{ foo: 1 }, { var: 'bad' }, { '!': [] }] }).map((p) => p.code))
      .toEqual(['unknown_operator', 'bad_var_path', 'arity'])
    let deep: unknown = true
    for (let i = 0; i < 200; i++) deep = { '!': deep }
    expect(checkCondition(deep)).toMatchObject([{ code: 'too_deep' }])
  })
})

describe('conditionVars', () => {
  it('lists referenced paths once, in order, skipping item-scoped vars', () => {
    const logic = {
      and: [
        { '==': [{ var: 'customer.tier' }, 'VIP'] },
        { some: [{ var: 'ticket.fields.items' }, { '>': [{ var: 'qty' }, 2] }] },
        { '>': [{ var: ['form.amount', 0] }, { var: 'vars.limit' }] },
        { missing: ['customer.phone'] },
        { '!=': [{ var: 'customer.tier' }, '黑名单'] },
      ],
    }
    expect(conditionVars(logic)).toEqual(['customer.tier', 'ticket.fields.items', 'form.amount', 'vars.limit', 'customer.phone'])
    expect(conditionVars(true)).toEqual([])
  })
})
