import { describe, expect, it } from 'vitest'
import { formatPhone, maskPhone, normalizeCompanyName, normalizeEmail, normalizeIdentity, normalizePhone, parsePhone } from './normalize.js'

describe('phone normalization', () => {
  it.each([
    ['138 0013 8000', '+8613800138000'],
    ['13800138000', '+8613800138000'],
    ['+86-138-0013-8000', '+8613800138000'],
    ['+86 138 0013 8000', '+8613800138000'],
    ['0086 13800138000', '+8613800138000'],
    ['86 13800138000', '+8613800138000'],
    ['8613800138000', '+8613800138000'],
    ['＋８６ １３８００１３８０００', '+8613800138000'], // full-width IME input
    [' (138)0013-8000 ', '+8613800138000'],
    ['199.0000.1111', '+8619900001111'],
    ['010-12345678', '+861012345678'],
    ['(010) 1234 5678', '+861012345678'],
    ['+86 10 12345678', '+861012345678'],
    ['+86 (0)10 1234 5678', '+861012345678'],
    ['021-6543 2109', '+862165432109'],
    ['(0755)8765 4321', '+8675587654321'],
    ['（０７５５）８７６５ ４３２１', '+8675587654321'],
    ['0311-1234567', '+863111234567'],
    ['+852 9123 4567', '+85291234567'],
    ['00852 91234567', '+85291234567'],
  ])('%s → %s', (input, e164) => {
    expect(normalizePhone(input)).toEqual({ ok: true, value: e164 })
  })

  it.each([
    '', '   ', '12345', '1380013800', '138001380001', '12800138000', '+86 128 0013 8000',
    '010-1234567', '0755-123456', '02-12345678', '400-123-4567', '138-0013-800x', '010-12345678转123',
    'phone', '+0 123', '+1 23', '86', '+86',
  ])('rejects %j', (input) => {
    const r = normalizePhone(input)
    expect(r.ok, input).toBe(false)
  })

  it('tells mobiles from landlines', () => {
    expect(parsePhone('13800138000')).toMatchObject({ kind: 'mobile' })
    expect(parsePhone('010-12345678')).toMatchObject({ kind: 'landline' })
    expect(parsePhone('+852 9123 4567')).toMatchObject({ kind: 'intl' })
  })

  it('masks and formats for display', () => {
    expect(maskPhone('+8613800138000')).toBe('138****8000')
    expect(maskPhone('+861012345678')).toBe('010****5678')
    expect(maskPhone('+8675587654321')).toBe('0755****4321')
    expect(maskPhone('+85291234567')).toBe('+85****4567')
    expect(formatPhone('+8613800138000')).toBe('138 0013 8000')
    expect(formatPhone('+861012345678')).toBe('010-12345678')
    expect(formatPhone('+8675587654321')).toBe('0755-87654321')
  })
})

describe('email normalization', () => {
  it.each([
    ['  Zhang.San@Example.COM ', 'zhang.san@example.com'],
    ['li@qq.com', 'li@qq.com'],
    ['ｗａｎｇ＠１６３．ｃｏｍ', 'wang@163.com'],
  ])('%j → %s', (input, value) => expect(normalizeEmail(input)).toEqual({ ok: true, value }))

  it.each(['', 'zhang', 'a@b', '@example.com', 'a b@example.com', 'a@example.'])('rejects %j', (input) => {
    expect(normalizeEmail(input).ok).toBe(false)
  })
})

describe('company name normalization', () => {
  it.each([
    ['  深圳市某某科技有限公司  ', '深圳市某某科技有限公司'],
    ['某某 （深圳） 科技 有限责任公司', '某某(深圳)科技有限责任公司'],
    ['某某(深圳)科技有限责任公司', '某某(深圳)科技有限责任公司'],
    ['ＡＢＣ 科技有限公司', 'ABC科技有限公司'],
    ['Apple   Computer  Trading (Shanghai)', 'Apple Computer Trading (Shanghai)'],
    ['北京\u3000某某有限公司', '北京某某有限公司'],
  ])('%j → %s', (input, value) => expect(normalizeCompanyName(input)).toEqual({ ok: true, value }))

  it('keeps the legal suffix: 有限公司 and 有限责任公司 stay different names', () => {
    const a = normalizeIdentity('company_name', '某某科技有限公司')
    const b = normalizeIdentity('company_name', '某某科技有限责任公司')
    expect(a.ok && b.ok && a.value !== b.value).toBe(true)
  })

  it('matches Latin letters case-insensitively in the identity value', () => {
    expect(normalizeIdentity('company_name', 'ABC科技有限公司')).toEqual(normalizeIdentity('company_name', 'ａｂｃ 科技有限公司'))
  })

  it('rejects empty names', () => expect(normalizeCompanyName(' \u3000 ').ok).toBe(false))
})

describe('platform ids', () => {
  it('keeps WeCom and WeChat ids as typed (case-sensitive), trimmed', () => {
    expect(normalizeIdentity('wecom_external_userid', ' wmAbC-123_x ')).toEqual({ ok: true, value: 'wmAbC-123_x' })
    expect(normalizeIdentity('wechat_openid', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o')).toEqual({ ok: true, value: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' })
    expect(normalizeIdentity('wechat_openid', 'has space').ok).toBe(false)
    expect(normalizeIdentity('wechat_openid', '').ok).toBe(false)
  })
})
