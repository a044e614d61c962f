import type { IndustryBundle } from '@scrm/plugin-industry'

type Template = IndustryBundle['templates'][number]
const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })
const opts = (...pairs: Array<[string, string]>) => pairs.map(([value, en]) => ({ value, label: t(value, en) }))

/** 餐饮投诉单: store (region + branch), dish, complaint type and severity; a food-safety complaint is always 高. */
export const complaintForm: Template = {
  key: 'catering-complaint-form',
  name: t('餐饮投诉单', 'Restaurant complaint form'),
  schema: {
    fields: [
      { key: 'storeRegion', type: 'cascader', label: t('门店所在地区', 'Store region'), required: true, min: 2 },
      { key: 'store', type: 'select', label: t('门店', 'Store'), required: true, options: opts(['南京西路店', 'Nanjing West Rd'], ['徐家汇店', 'Xujiahui'], ['三里屯店', 'Sanlitun'], ['国贸店', 'Guomao']) },
      { key: 'dish', type: 'text', label: t('菜品', 'Dish'), maxLength: 100 },
      { key: 'complaintType', type: 'select', label: t('投诉类型', 'Complaint type'), required: true, options: opts(['异物', 'Foreign object'], ['服务', 'Service'], ['卫生', 'Hygiene'], ['食安', 'Food safety']) },
      { key: 'severity', type: 'select', label: t('严重程度', 'Severity'), required: true, defaultValue: '中', options: opts(['低', 'Low'], ['中', 'Medium'], ['高', 'High']) },
      { key: 'visitedAt', type: 'datetime', label: t('就餐时间', 'Visited at') },
      { key: 'description', type: 'textarea', label: t('投诉内容', 'What happened'), required: true, minLength: 5, maxLength: 2000 },
      { key: 'photos', type: 'attachment', label: t('照片', 'Photos'), max: 9 },
      { key: 'contactPhone', type: 'phone', label: t('联系电话', 'Phone'), required: true },
    ],
    rules: [
      { id: 'food-safety-is-high', when: { '==': [{ var: 'complaintType' }, '食安'] }, then: [{ action: 'setOptions', field: 'severity', options: ['高'] }, { action: 'setValue', field: 'severity', value: '高' }] },
      { id: 'dish-for-food', when: { in: [{ var: 'complaintType' }, ['异物', '食安']] }, then: [{ action: 'require', field: 'dish' }] },
    ],
  },
}
