import { describe, expect, it } from 'vitest'
import { defineConfig, Type } from './config.js'
import { defineMessages, t } from './i18n.js'

const m = defineMessages({
  'zh-CN': { created: '已创建工单 {number}', hello: '你好' },
  'en-US': { created: 'Ticket {number} created', hello: 'Hello' },
})

describe('defineMessages / t', () => {
  it('renders a key in the asked language with variables', () => {
    expect(m.t('en-US', 'created', { number: 'T-7' })).toBe('Ticket T-7 created')
    expect(m.t('zh-CN', 'created', { number: 'T-7' })).toBe('已创建工单 T-7')
    expect(t(m.messages, 'en-US', 'hello')).toBe('Hello')
  })

  it('reads accept-language values and falls back to Chinese', () => {
    expect(m.t('en-GB,en;q=0.9', 'hello')).toBe('Hello')
    expect(m.t('fr', 'hello')).toBe('你好')
    expect(m.t(undefined, 'hello')).toBe('你好')
    expect(m.text('hello')).toEqual({ 'zh-CN': '你好', 'en-US': 'Hello' })
  })

  it('leaves unknown placeholders visible', () => {
    expect(m.t('en-US', 'created', {})).toBe('Ticket {number} created')
  })
})

describe('defineConfig', () => {
  const config = defineConfig(Type.Object({ typeKey: Type.String({ default: 'general', minLength: 1 }), max: Type.Integer({ minimum: 1, default: 5 }) }))

  it('applies defaults and returns typed values', () => {
    expect(config.parse({})).toEqual({ typeKey: 'general', max: 5 })
    expect(config.parse({ max: 9 })).toEqual({ typeKey: 'general', max: 9 })
    expect(config.schema.type).toBe('object')
  })

  it('names every bad field', () => {
    expect(() => config.parse({ typeKey: '', max: 0 })).toThrow(/\/typeKey .*; \/max must be >= 1/)
  })
})
