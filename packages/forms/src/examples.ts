import type { I18nText, TemplateSchema } from './types.js'

/**
 * Templates from the source documents' scenarios (售后服务, 退货, 课程试听), used as tests, demo
 * data and designer starting points.
 */
const zh = (zhCN: string, en: string): I18nText => ({ 'zh-CN': zhCN, 'en-US': en })
const opts = (...pairs: Array<[string, string]>) => pairs.map(([v, en]) => ({ value: v, label: zh(v, en) }))

/** 售后服务: 产品咨询 reveals the model selector; 售后服务 reveals and requires 故障描述. */
export const afterSalesTemplate: TemplateSchema = {
  fields: [
    { key: 'problemType', type: 'select', label: zh('问题类型', 'Problem type'), required: true, options: opts(['产品咨询', 'Product enquiry'], ['售后服务', 'After-sales service'], ['物流咨询', 'Shipping enquiry']) },
    { key: 'model', type: 'select', label: zh('产品型号', 'Model'), hidden: true, options: opts(['KFR-35GW', 'KFR-35GW'], ['KFR-50LW', 'KFR-50LW'], ['BCD-520', 'BCD-520']) },
    { key: 'faultDescription', type: 'textarea', label: zh('故障描述', 'Fault description'), hidden: true, minLength: 5, maxLength: 2000 },
    { key: 'urgency', type: 'select', label: zh('紧急程度', 'Urgency'), defaultValue: 'normal', options: opts(['normal', 'Normal'], ['urgent', 'Urgent']) },
    { key: 'contactPhone', type: 'phone', label: zh('联系电话', 'Phone'), required: true },
    { key: 'address', type: 'cascader', label: zh('所在地区', 'Region'), min: 2 },
    { key: 'photos', type: 'attachment', label: zh('照片', 'Photos'), max: 6 },
  ],
  rules: [
    { id: 'consult-shows-model', when: { '==': [{ var: 'problemType' }, '产品咨询'] }, then: [{ action: 'show', field: 'model' }] },
    { id: 'service-needs-fault', when: { '==': [{ var: 'problemType' }, '售后服务'] }, then: [{ action: 'show', field: 'faultDescription' }, { action: 'require', field: 'faultDescription' }] },
  ],
  variants: {
    华东: {
      label: zh('华东冷链', 'East China cold chain'),
      fields: [
        { key: 'coldChainTrackingNo', type: 'text', label: zh('冷链运单号', 'Cold-chain waybill'), required: true, pattern: '[A-Z]{2}\\d{8,12}', group: '冷链跟踪' },
        { key: 'arrivalTemperature', type: 'number', label: zh('到货温度(℃)', 'Arrival temperature (°C)'), min: -30, max: 15, group: '冷链跟踪' },
        { key: 'temperatureIncident', type: 'textarea', label: zh('温度异常说明', 'Temperature incident'), hidden: true, group: '冷链跟踪' },
      ],
      rules: [
        { when: { '>': [{ var: 'arrivalTemperature' }, 8] }, then: [{ action: 'show', field: 'temperatureIncident' }, { action: 'require', field: 'temperatureIncident' }] },
      ],
    },
    西北: {
      fields: [{ key: 'badWeatherPlan', type: 'textarea', label: zh('恶劣天气预案', 'Bad-weather plan') }],
    },
  },
}

/** 退货: order no., tracking no., refund reason (其他 asks for details). */
export const returnsTemplate: TemplateSchema = {
  fields: [
    { key: 'orderNo', type: 'text', label: zh('订单号', 'Order no.'), required: true, pattern: '[A-Z0-9]{6,32}' },
    { key: 'trackingNo', type: 'text', label: zh('退货物流单号', 'Return tracking no.'), maxLength: 40 },
    { key: 'refundReason', type: 'select', label: zh('退款原因', 'Refund reason'), required: true, options: opts(['质量问题', 'Quality problem'], ['发错货', 'Wrong item'], ['七天无理由', '7-day no-reason return'], ['其他', 'Other']) },
    { key: 'reasonDetail', type: 'textarea', label: zh('原因说明', 'Details'), hidden: true },
    { key: 'refundAmount', type: 'money', label: zh('退款金额(分)', 'Refund amount (fen)'), min: 0 },
  ],
  rules: [
    { when: { '==': [{ var: 'refundReason' }, '其他'] }, then: [{ action: 'show', field: 'reasonDetail' }, { action: 'require', field: 'reasonDetail' }] },
  ],
}

/** 课程试听: student age, subject, free slots (编程 only on weekends for young students). */
export const courseTrialTemplate: TemplateSchema = {
  fields: [
    { key: 'studentName', type: 'text', label: zh('学员姓名', 'Student name'), required: true, maxLength: 50 },
    { key: 'studentAge', type: 'number', label: zh('学员年龄', 'Student age'), required: true, min: 3, max: 18 },
    { key: 'subject', type: 'select', label: zh('试听科目', 'Subject'), required: true, options: opts(['数学', 'Maths'], ['英语', 'English'], ['编程', 'Programming'], ['美术', 'Art']) },
    { key: 'freeSlots', type: 'multiSelect', label: zh('空闲时段', 'Free slots'), required: true, min: 1, max: 3, options: opts(['周六上午', 'Sat morning'], ['周六下午', 'Sat afternoon'], ['周日上午', 'Sun morning'], ['工作日晚上', 'Weekday evening']) },
    { key: 'parentPhone', type: 'phone', label: zh('家长手机', 'Parent mobile'), required: true, phoneKind: 'mobile' },
  ],
  rules: [
    { when: { '<': [{ var: 'studentAge' }, 8] }, then: [{ action: 'setOptions', field: 'subject', options: ['英语', '美术'] }] },
  ],
}
