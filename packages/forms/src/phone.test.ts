import { describe, expect, it } from 'vitest'
import { formatPhone, maskPhone, parseCnPhone, parsePhone } from './phone.js'

describe('parsePhone (the platform\'s one phone parser)', () => {
  it.each([
    ['138 0013 8000', '+8613800138000', 'mobile'],
    ['0086 138 0013 8000', '+8613800138000', 'mobile'],
    ['+86 (0)10 1234 5678', '+861012345678', 'landline'],
    ['４００-８００-１２３４', '+864008001234', 'service'],
    ['+86 400 800 1234', '+864008001234', 'service'],
    ['+852 9123 4567', '+85291234567', 'intl'],
    ['00852 91234567', '+85291234567', 'intl'],
  ])('%s → %s (%s)', (input, e164, kind) => {
    expect(parsePhone(input)).toEqual({ ok: true, e164, kind })
  })

  it('says why a value is not a phone', () => {
    expect(parsePhone(13800138000)).toEqual({ ok: false, message: 'must be a string' })
    expect(parsePhone('010-12345678转123')).toMatchObject({ ok: false, message: expect.stringContaining('only digits') })
    expect(parsePhone('12345')).toMatchObject({ ok: false })
  })

  it('parseCnPhone keeps forms to Chinese numbers; service numbers count as landlines', () => {
    expect(parseCnPhone('+852 9123 4567')).toBeUndefined()
    expect(parseCnPhone('400-800-1234')).toEqual({ e164: '+864008001234', kind: 'landline' })
    expect(parseCnPhone('13800138000')).toEqual({ e164: '+8613800138000', kind: 'mobile' })
  })

  it('formats and masks service numbers as they are dialled', () => {
    expect(formatPhone('+864008001234')).toBe('400-800-1234')
    expect(maskPhone('+864008001234')).toBe('400****1234')
  })
})
