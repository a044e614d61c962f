import { describe, expect, it } from 'vitest'
import { validateValues } from './validate.js'
import type { FieldDef, TemplateSchema } from './types.js'

const label = { 'zh-CN': '字段', 'en-US': 'Field' }
const one = (f: Omit<FieldDef, 'key' | 'label'>): TemplateSchema => ({ fields: [{ key: 'f', label, ...f } as FieldDef] })
const check = (f: Omit<FieldDef, 'key' | 'label'>, value: unknown) => validateValues(one(f), { f: value })
const UUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301'

// [field, valid inputs with their normalized value, invalid inputs with the error code]
const cases: Array<[string, Omit<FieldDef, 'key' | 'label'>, Array<[unknown, unknown]>, Array<[unknown, string]>]> = [
  ['text', { type: 'text', minLength: 2, maxLength: 5 }, [['  你好  ', '你好'], ['abcde', 'abcde']], [[12, 'invalid_type'], ['好', 'too_short'], ['一二三四五六', 'too_long']]],
  ['text pattern', { type: 'text', pattern: '[A-Z]{2}\\d{3}' }, [['SF123', 'SF123']], [['sf123', 'pattern'], ['SF1234', 'pattern']]],
  ['textarea', { type: 'textarea' }, [['第一行\n第二行', '第一行\n第二行']], [['x'.repeat(10_001), 'too_long'], [{}, 'invalid_type']]],
  ['number', { type: 'number', min: 0, max: 10 }, [[0, 0], [9.5, 9.5]], [['5', 'invalid_type'], [-1, 'too_small'], [11, 'too_large'], [Number.NaN, 'invalid_type']]],
  ['money', { type: 'money', min: 0 }, [[1999, 1999], [0, 0]], [[19.99, 'not_integer'], ['1999', 'invalid_type'], [-5, 'too_small'], [2 ** 60, 'not_integer']]],
  ['date', { type: 'date', min: '2020-01-01' }, [['2026-02-28', '2026-02-28'], ['2024-02-29', '2024-02-29']], [['2026-02-30', 'invalid_date'], ['2026/02/01', 'invalid_date'], ['2019-12-31', 'too_small'], [20260101, 'invalid_date']]],
  ['datetime', { type: 'datetime' }, [['2026-11-23T09:30:00+08:00', '2026-11-23T01:30:00.000Z'], ['2026-11-23T01:30Z', '2026-11-23T01:30:00.000Z']], [['2026-11-23T09:30:00', 'invalid_datetime'], ['2026-13-01T00:00:00Z', 'invalid_datetime'], ['tomorrow', 'invalid_datetime']]],
  ['select', { type: 'select', options: [{ value: 'a', label }, { value: 'b', label }] }, [['a', 'a']], [['c', 'invalid_option'], [['a'], 'invalid_type']]],
  ['multiSelect', { type: 'multiSelect', min: 1, max: 2, options: [{ value: 'a', label }, { value: 'b', label }, { value: 'c', label }] }, [[['a', 'c'], ['a', 'c']]], [[['a', 'a'], 'duplicate_item'], [['a', 'b', 'c'], 'too_many'], [['x'], 'invalid_option'], ['a', 'invalid_type']]],
  ['cascader', { type: 'cascader', min: 2 }, [[['广东省', '深圳市', '南山区'], ['广东省', '深圳市', '南山区']], [['浙江省', '宁波市'], ['浙江省', '宁波市']], [['北京市', '北京市', '海淀区'], ['北京市', '北京市', '海淀区']]], [[['广东省', '杭州市'], 'invalid_region'], [['广东省'], 'too_few'], [['火星省', '一号市'], 'invalid_region'], [['广东省', '深圳市', '海淀区'], 'invalid_region'], ['广东省', 'invalid_type'], [[], 'required']]],
  ['phone', { type: 'phone' }, [['138 0013 8000', '+8613800138000'], ['+86-138-0013-8000', '+8613800138000'], ['(010) 6552-9988', '+861065529988'], ['0755-8765432', '+867558765432'], ['４００-８００-１２３４', '+864008001234']], [['12345', 'invalid_phone'], ['+1 415 555 0100', 'invalid_phone'], [13800138000, 'invalid_phone']]],
  ['phone mobile only', { type: 'phone', phoneKind: 'mobile' }, [['8613800138000', '+8613800138000']], [['010-65529988', 'invalid_mobile']]],
  ['email', { type: 'email' }, [[' Zhang.San@Example.COM ', 'zhang.san@example.com']], [['zhangsan@', 'invalid_email'], ['a b@c.cn', 'invalid_email']]],
  ['attachment', { type: 'attachment', max: 2 }, [[[UUID.toUpperCase()], [UUID]]], [[['not-an-id'], 'invalid_id'], [UUID, 'invalid_type'], [[UUID, UUID], 'duplicate_item']]],
  ['customerRef', { type: 'customerRef' }, [[UUID, UUID]], [['c-1', 'invalid_id'], [1, 'invalid_id']]],
  ['assetRef', { type: 'assetRef' }, [[UUID, UUID]], [['SN-001', 'invalid_id']]],
  ['location', { type: 'location' }, [[{ lat: 31.23, lng: 121.47, address: ' 上海市黄浦区 ' }, { lat: 31.23, lng: 121.47, address: '上海市黄浦区' }]], [[{ lat: 91, lng: 0 }, 'invalid_location'], [{ lat: 0, lng: '121' }, 'invalid_location'], [{ lat: 0, lng: 0, floor: 3 }, 'invalid_location'], ['上海', 'invalid_type']]],
  ['rating', { type: 'rating' }, [[1, 1], [5, 5]], [[0, 'too_small'], [6, 'too_large'], [4.5, 'invalid_type'], ['5', 'invalid_type']]],
]

describe('every field type', () => {
  for (const [name, field, valid, invalid] of cases) {
    it(`${name}: accepts and normalizes valid values`, () => {
      for (const [input, normalized] of valid) {
        const r = check(field, input)
        expect(r.errors, JSON.stringify(input)).toEqual([])
        expect(r.values.f).toEqual(normalized)
      }
    })
    it(`${name}: rejects invalid values with a code and a message in both languages`, () => {
      for (const [input, code] of invalid) {
        const r = check({ ...field, required: true }, input)
        expect(r.ok, JSON.stringify(input)).toBe(false)
        expect(r.errors[0]).toMatchObject({ code, field: expect.stringMatching(/^f/) })
        expect(r.errors[0].message['zh-CN']).toBeTruthy()
        expect(r.errors[0].message['en-US']).toBeTruthy()
        expect(r.values).not.toHaveProperty('f')
      }
    })
  }

  it('names the offending part of a composite value', () => {
    expect(check({ type: 'location' }, { lat: 0, lng: 200 }).errors[0].field).toBe('f.lng')
    expect(check({ type: 'cascader' }, ['广东省', '杭州市']).errors[0].field).toBe('f[1]')
    expect(check({ type: 'attachment' }, [UUID, 'x']).errors[0].field).toBe('f[1]')
  })

  it('rejects unknown fields and reports every problem at once', () => {
    const r = validateValues(one({ type: 'text', required: true }), { g: 1, h: 2 })
    expect(r.errors.map(e => [e.field, e.code])).toEqual([['g', 'unknown_field'], ['h', 'unknown_field'], ['f', 'required']])
  })

  it('treats empty values as absent: optional ones are not stored, required ones fail', () => {
    for (const empty of [undefined, null, '', '   ', []]) {
      expect(check({ type: 'text' }, empty)).toEqual({ ok: true, values: {}, errors: [] })
      expect(check({ type: 'text', required: true }, empty).errors[0].code).toBe('required')
    }
  })
})
