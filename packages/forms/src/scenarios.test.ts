import { describe, expect, it } from 'vitest'
import { afterSalesTemplate as afterSales, courseTrialTemplate as courseTrial, returnsTemplate as returns } from './examples.js'
import { applyRules } from './rules.js'
import { checkTemplate } from './template.js'
import { validateValues } from './validate.js'

const codes = (r: { errors: Array<{ field: string, code: string }> }) => r.errors.map(e => `${e.field}:${e.code}`)

describe('seed scenarios', () => {
  it('the example templates pass the design-time check', () => {
    for (const t of [afterSales, returns, courseTrial]) expect(checkTemplate(t)).toEqual([])
  })

  it('问题类型 产品咨询 shows the 产品型号 selector; other types keep it hidden and drop its value', () => {
    expect(applyRules(afterSales, {}).fields.model.visible).toBe(false)
    const consult = validateValues(afterSales, { problemType: '产品咨询', model: 'KFR-35GW', contactPhone: '13800138000' })
    expect(consult.ok).toBe(true)
    expect(consult.values).toMatchObject({ problemType: '产品咨询', model: 'KFR-35GW', urgency: 'normal', contactPhone: '+8613800138000' })
    const logistics = validateValues(afterSales, { problemType: '物流咨询', model: 'KFR-35GW', contactPhone: '13800138000' })
    expect(logistics.ok).toBe(true)
    expect(logistics.values).not.toHaveProperty('model')
  })

  it('售后服务 reveals and requires 故障描述', () => {
    const state = applyRules(afterSales, { problemType: '售后服务' })
    expect(state.fields.faultDescription).toMatchObject({ visible: true, required: true })
    expect(codes(validateValues(afterSales, { problemType: '售后服务', contactPhone: '13800138000' }))).toEqual(['faultDescription:required'])
    const ok = validateValues(afterSales, { problemType: '售后服务', faultDescription: '空调不制冷，显示 E1', contactPhone: '021-63218888', address: ['上海市', '上海市', '浦东新区'] })
    expect(ok.errors).toEqual([])
    expect(ok.values.contactPhone).toBe('+862163218888')
  })

  it('region variant 华东 adds the cold-chain block, other regions do not know its fields', () => {
    const base = { problemType: '物流咨询', contactPhone: '13800138000' }
    expect(codes(validateValues(afterSales, base, { region: '华东' }))).toEqual(['coldChainTrackingNo:required'])
    const east = validateValues(afterSales, { ...base, coldChainTrackingNo: 'SF12345678', arrivalTemperature: 4 }, { region: '华东' })
    expect(east.ok).toBe(true)
    expect(codes(validateValues(afterSales, { ...base, coldChainTrackingNo: 'SF12345678' }, { region: '西北' }))).toEqual(['coldChainTrackingNo:unknown_field'])
    // A warm arrival asks for an explanation (a variant rule over a variant field).
    const warm = validateValues(afterSales, { ...base, coldChainTrackingNo: 'SF12345678', arrivalTemperature: 12 }, { region: '华东' })
    expect(codes(warm)).toEqual(['temperatureIncident:required'])
  })

  it('returns: order no. pattern, money in fen, 其他 asks for details', () => {
    expect(validateValues(returns, { orderNo: 'JD20261123001', trackingNo: 'SF1234567890', refundReason: '质量问题', refundAmount: 12900 }).ok).toBe(true)
    expect(codes(validateValues(returns, { orderNo: 'jd-1', refundReason: '其他', refundAmount: 129.5 })))
      .toEqual(['orderNo:pattern', 'reasonDetail:required', 'refundAmount:not_integer'])
  })

  it('course trial: age bounds, slots count, young students are offered fewer subjects', () => {
    const good = { studentName: '小明', studentAge: 10, subject: '编程', freeSlots: ['周六上午', '周日上午'], parentPhone: '+86 139 1234 5678' }
    expect(validateValues(courseTrial, good).ok).toBe(true)
    expect(codes(validateValues(courseTrial, { ...good, studentAge: 6 }))).toEqual(['subject:invalid_option'])
    expect(applyRules(courseTrial, { studentAge: 6 }).fields.subject.options!.map(o => o.value)).toEqual(['英语', '美术'])
    expect(codes(validateValues(courseTrial, { ...good, studentAge: 19, freeSlots: [] }))).toEqual(['studentAge:too_large', 'freeSlots:required'])
  })
})
