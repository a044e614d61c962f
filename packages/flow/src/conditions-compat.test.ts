/**
 * Differential test: on well-formed logic our evaluator must agree with json-logic-js, the
 * reference implementation (only a dev dependency: the package itself stays dependency-free).
 */
import jsonLogic from 'json-logic-js'
import { describe, expect, it } from 'vitest'
import { evaluate } from './conditions.js'

const data = {
  ticket: { priority: 'high', fields: { product: '空调', items: [{ sku: 'A', qty: 2 }, { sku: 'B', qty: 3 }], note: '', zero: 0 } },
  customer: { tier: 'VIP', name: '张三', city: '上海市', tags: ['老客户', '投诉'], vip: true },
  form: { amount: 1200, text: '12.5' },
  vars: { n: 3, list: [3, 1, 2], empty: [] },
}

const v = (path: string, fallback?: unknown) => ({ var: fallback === undefined ? path : [path, fallback] })

const cases: unknown[] = [
  v('customer.tier'), v('ticket.fields.items.0.qty'), v('nope.deeper'), v('nope', '默认'), v('ticket.fields.zero', 5),
  { '==': [v('customer.tier'), 'VIP'] }, { '==': [1, '1'] }, { '==': [0, false] }, { '==': [null, v('nope')] },
  { '===': [1, 1] }, { '!=': ['a', 'b'] }, { '!==': [1, '1'] },
  { '!': [v('ticket.fields.note')] }, { '!': [[]] }, { '!!': [v('vars.empty')] }, { '!!': ['0'] },
  { and: [true, v('customer.vip'), 'x'] }, { and: [v('ticket.fields.zero'), 1] }, { or: [0, '', v('customer.name')] },
  { if: [v('customer.vip'), '贵宾', '普通'] }, { if: [false, 1, false, 2, 3] }, { if: [false, 1, false, 2] },
  { '?:': [v('nope'), 'a', 'b'] },
  { '>': [v('form.amount'), 1000] }, { '>=': ['b', 'a'] }, { '<': [1, 2, 3] }, { '<': [1, 3, 3] }, { '<=': [1, 3, 3] },
  { '<': [v('form.text'), 13] },
  { '+': [1, '2', v('form.text')] }, { '-': [10, v('vars.n')] }, { '-': [5] }, { '*': [2, v('form.text')] },
  { '/': [v('form.amount'), 8] }, { '%': [10, 4] }, { min: [v('vars.n'), 7, -1] }, { max: [1, '9', 3] },
  { in: ['上海', v('customer.city')] }, { in: ['投诉', v('customer.tags')] }, { in: ['x', v('nope')] },
  { cat: ['工单-', v('vars.n'), '-', v('customer.name')] }, { cat: ['a', v('nope')] },
  { substr: ['上海市浦东新区', 3] }, { substr: ['上海市浦东新区', -4, 2] }, { substr: ['上海市浦东新区', 1, -3] },
  { missing: ['customer.tier', 'customer.phone', 'ticket.fields.note'] }, { missing: { merge: ['a', 'customer.name'] } },
  { missing_some: [1, ['customer.phone', 'customer.name']] }, { missing_some: [2, ['customer.phone', 'customer.name']] },
  { some: [v('ticket.fields.items'), { '>': [v('qty'), 2] }] }, { all: [v('vars.list'), { '>': [v(''), 0] }] },
  { all: [v('vars.empty'), true] }, { none: [v('vars.list'), { '>': [v(''), 5] }] },
  { map: [v('vars.list'), { '*': [v(''), 10] }] }, { filter: [v('vars.list'), { '>=': [v(''), 2] }] },
  { reduce: [v('vars.list'), { '+': [v('current'), v('accumulator')] }, 0] },
  { reduce: [v('ticket.fields.items'), { '+': [v('current.qty'), v('accumulator')] }, 10] },
  { merge: [1, [2, 3], [[4]], v('customer.tags')] },
  [1, v('vars.n'), { cat: ['a', 'b'] }], '字符串', 42, null, true,
]

describe('evaluate agrees with json-logic-js', () => {
  cases.forEach((logic, i) => {
    it(`#${i} ${JSON.stringify(logic)}`, () => {
      expect(evaluate(logic, data)).toEqual(jsonLogic.apply(logic as never, data))
    })
  })
})
