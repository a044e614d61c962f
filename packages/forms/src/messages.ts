import type { I18nText } from './types.js'

type Params = Record<string, string | number>
type Message = (p: Params) => I18nText

// One place for every message so the browser shows exactly what the server would answer.
const MESSAGES: Record<string, Message> = {
  required: () => ({ 'zh-CN': '此项为必填项', 'en-US': 'is required' }),
  unknown_field: () => ({ 'zh-CN': '模板中没有此字段', 'en-US': 'is not a field of this template' }),
  invalid_type: p => ({ 'zh-CN': `类型错误，应为${p.expected}`, 'en-US': `must be ${p.expected}` }),
  too_short: p => ({ 'zh-CN': `至少 ${p.min} 个字符`, 'en-US': `must be at least ${p.min} characters` }),
  too_long: p => ({ 'zh-CN': `最多 ${p.max} 个字符`, 'en-US': `must be at most ${p.max} characters` }),
  pattern: () => ({ 'zh-CN': '格式不正确', 'en-US': 'does not match the required format' }),
  too_small: p => ({ 'zh-CN': `不能小于 ${p.min}`, 'en-US': `must be at least ${p.min}` }),
  too_large: p => ({ 'zh-CN': `不能大于 ${p.max}`, 'en-US': `must be at most ${p.max}` }),
  not_integer: () => ({ 'zh-CN': '必须是整数', 'en-US': 'must be a whole number' }),
  invalid_option: () => ({ 'zh-CN': '不是可选的选项', 'en-US': 'is not one of the offered options' }),
  duplicate_item: () => ({ 'zh-CN': '选项重复', 'en-US': 'contains the same item twice' }),
  too_few: p => ({ 'zh-CN': `至少选择 ${p.min} 项`, 'en-US': `needs at least ${p.min} items` }),
  too_many: p => ({ 'zh-CN': `最多选择 ${p.max} 项`, 'en-US': `allows at most ${p.max} items` }),
  invalid_date: () => ({ 'zh-CN': '日期无效，格式为 YYYY-MM-DD', 'en-US': 'must be a valid date (YYYY-MM-DD)' }),
  invalid_datetime: () => ({ 'zh-CN': '时间无效，需含时区，如 2026-11-23T09:30:00+08:00', 'en-US': 'must be an ISO date-time with a time zone' }),
  invalid_phone: () => ({ 'zh-CN': '不是有效的手机号或固定电话', 'en-US': 'is not a valid Chinese mobile or landline number' }),
  invalid_mobile: () => ({ 'zh-CN': '不是有效的手机号', 'en-US': 'is not a valid Chinese mobile number' }),
  invalid_landline: () => ({ 'zh-CN': '不是有效的固定电话', 'en-US': 'is not a valid Chinese landline number' }),
  invalid_email: () => ({ 'zh-CN': '不是有效的邮箱地址', 'en-US': 'is not a valid email address' }),
  invalid_region: p => ({ 'zh-CN': `第 ${p.level} 级地区无效`, 'en-US': `level ${p.level} is not a region inside the previous one` }),
  invalid_id: () => ({ 'zh-CN': '不是有效的编号', 'en-US': 'must be an id (UUID)' }),
  invalid_location: p => ({ 'zh-CN': `位置无效：${p.detail}`, 'en-US': `is not a valid location: ${p.detail}` }),
}

export function message(code: string, params: Params = {}): I18nText {
  return (MESSAGES[code] ?? (() => ({ 'zh-CN': '无效', 'en-US': 'is invalid' })))(params)
}
