import { defineIndustryTemplate } from '@scrm/plugin-industry'
import { complaintFlow } from './flow.js'
import { complaintForm } from './form.js'

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })
const isComplaint = (root: 'ticket.type' | 'ticket.typeKey') => ({ '==': [{ var: root }, 'catering-complaint'] })

/** 餐饮投诉 (seeds: a chain restaurant's food-safety complaint fans out to 品控, 门店运营 and 公关). */
export const cateringComplaints = defineIndustryTemplate({
  id: 'catering-complaints',
  industry: 'catering',
  label: t('餐饮投诉', 'Restaurant complaints'),
  description: t('顾客投诉经督导核实后并行派发品控、门店与公关（严重投诉），逐级升级，按问题等级向门店结算', 'Complaints verified by area supervisors, then quality, store and PR (severe only) in parallel; escalation chain; per-severity fee charged to stores'),
  bundle: {
    departments: [
      { key: 'catering-quality', name: '品控部' },
      { key: 'catering-stores', name: '门店运营部' },
      { key: 'catering-pr', name: '公关部' },
    ],
    teams: [
      { key: 'catering-supervisors', name: '区域督导', department: 'catering-stores' },
      { key: 'catering-quality', name: '品控组', department: 'catering-quality' },
      { key: 'catering-stores', name: '门店店长', department: 'catering-stores' },
      { key: 'catering-pr', name: '公关组', department: 'catering-pr' },
    ],
    templates: [complaintForm],
    flows: [complaintFlow],
    ticketTypes: [{ key: 'catering-complaint', name: t('顾客投诉', 'Customer complaint'), template: complaintForm.key, flow: complaintFlow.key }],
    slaPolicies: [{
      name: '餐饮投诉时效',
      position: 100,
      condition: isComplaint('ticket.typeKey'),
      calendar: 'cn-workdays',
      targets: {
        urgent: { firstResponse: 'PT15M', resolution: { within: 'PT4H', calendar: null } },
        high: { firstResponse: 'PT30M', resolution: 'PT8H' },
        normal: { firstResponse: 'PT1H', resolution: 'P1D' },
        low: { firstResponse: 'PT2H', resolution: 'P2D' },
      },
      warning: { at: 'PT15M' },
      // The escalation chain: the supervisor, then the one above with a higher priority, then every admin.
      escalations: [
        { after: 'PT0S', actions: [{ type: 'notify', to: [{ supervisor: 1 }] }, { type: 'addWatcher', who: { supervisor: 1 } }] },
        { after: 'PT1H', actions: [{ type: 'notify', to: [{ supervisor: 2 }] }, { type: 'raisePriority' }] },
        { after: 'PT4H', actions: [{ type: 'notify', to: [{ role: 'admin' }] }] },
      ],
    }],
    routingRules: [
      { name: '严重投诉：门店店长优先', when: { and: [isComplaint('ticket.type'), { '==': [{ var: 'form.severity' }, '高'] }] }, pool: { team: 'catering-stores' }, strategy: 'least-load', raisePriority: 'high' },
      { name: '餐饮投诉：门店店长轮流', when: isComplaint('ticket.type'), pool: { team: 'catering-stores' }, strategy: 'round-robin' },
    ],
    dictionaries: [{
      key: 'catering-hazards', name: '餐饮风险词', match: 'substring', tagPrefix: 'risk:',
      entries: [{ term: '头发', tag: '异物' }, { term: '蟑螂', tag: '卫生' }, { term: '拉肚子', tag: '食安' }, { term: '过期', tag: '食安' }],
    }],
    settlementRules: [{
      name: '投诉问题等级费', ticketType: 'catering-complaint', department: 'catering-stores', formulaId: 'support.level',
      params: { fees: { 低: 5000, 中: 20000, 高: 100000 } }, inputs: { level: { field: 'severity' } },
    }],
    demo: {
      customers: [{ name: '张女士', phone: '13700137000', region: '上海市' }],
      assets: [],
      tickets: [{
        typeKey: 'catering-complaint', title: '汤里有头发（演示）', customerPhone: '13700137000',
        fields: { storeRegion: ['上海市', '上海市', '静安区'], store: '南京西路店', dish: '酸辣汤', complaintType: '异物', severity: '中', description: '酸辣汤里发现一根头发', contactPhone: '13700137000' },
      }],
    },
  },
})
