import type { IndustryBundle } from '@scrm/plugin-industry'

type Template = IndustryBundle['templates'][number]
const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })
const opts = (...pairs: Array<[string, string]>) => pairs.map(([value, en]) => ({ value, label: t(value, en) }))

const MODELS: Record<string, string[]> = {
  空调: ['KFR-35GW', 'KFR-50LW', 'KFR-72LW'],
  冰箱: ['BCD-520', 'BCD-649'],
  洗衣机: ['XQG100', 'XQB80'],
}

/**
 * 家电售后服务单: the model list follows the category, 报修 requires a fault description, and the
 * engineer's visit fills the 维修记录 block (parts cost decides the approval; hours and distance
 * are what settlement charges).
 */
export const serviceForm: Template = {
  key: 'appliance-service-form',
  name: t('家电售后服务单', 'Appliance service form'),
  schema: {
    fields: [
      { key: 'requestKind', type: 'select', label: t('服务类型', 'Request'), required: true, defaultValue: '报修', options: opts(['报修', 'Repair'], ['安装', 'Installation'], ['咨询', 'Enquiry']) },
      { key: 'category', type: 'select', label: t('产品品类', 'Category'), required: true, options: opts(['空调', 'Air conditioner'], ['冰箱', 'Refrigerator'], ['洗衣机', 'Washing machine']) },
      { key: 'model', type: 'select', label: t('产品型号', 'Model'), options: opts(...Object.values(MODELS).flat().map((m): [string, string] => [m, m])) },
      { key: 'serialNo', type: 'text', label: t('机身序列号', 'Serial no.'), maxLength: 100, pattern: '[A-Za-z0-9-]{4,100}' },
      { key: 'asset', type: 'assetRef', label: t('设备档案', 'Registered device') },
      { key: 'faultDescription', type: 'textarea', label: t('故障描述', 'Fault description'), hidden: true, minLength: 5, maxLength: 2000 },
      { key: 'photos', type: 'attachment', label: t('故障照片', 'Photos'), max: 6 },
      { key: 'contactPhone', type: 'phone', label: t('联系电话', 'Phone'), required: true },
      { key: 'address', type: 'cascader', label: t('服务地区', 'Region'), required: true, min: 2 },
      { key: 'location', type: 'location', label: t('上门位置', 'Visit location') },
      { key: 'partsCostFen', type: 'money', label: t('备件费用(分)', 'Parts cost (fen)'), min: 0, group: '维修记录' },
      { key: 'labourHours', type: 'number', label: t('工时(小时)', 'Labour (hours)'), min: 0, max: 48, group: '维修记录' },
      { key: 'distanceKm', type: 'number', label: t('上门距离(公里)', 'Distance (km)'), min: 0, max: 500, group: '维修记录' },
      { key: 'csat', type: 'rating', label: t('客户满意度', 'Customer satisfaction'), group: '回访' },
    ],
    rules: [
      { id: 'repair-needs-fault', when: { '==': [{ var: 'requestKind' }, '报修'] }, then: [{ action: 'show', field: 'faultDescription' }, { action: 'require', field: 'faultDescription' }] },
      ...Object.entries(MODELS).map(([category, models]) => ({
        id: `models-of-${models[0]}`,
        when: { '==': [{ var: 'category' }, category] },
        then: [{ action: 'setOptions' as const, field: 'model', options: models }],
      })),
    ],
    // 华南 (seeds: regional fields edited by that region's manager): typhoon season rescheduling.
    variants: {
      华南: {
        label: t('华南台风季', 'South China typhoon season'),
        fields: [{ key: 'typhoonReschedule', type: 'select', label: t('台风天改约', 'Reschedule for typhoons'), defaultValue: '顺延', options: opts(['顺延', 'Postpone'], ['电话确认', 'Call first']), group: '华南' }],
      },
    },
  },
}
