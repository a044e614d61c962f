import { defineIndustryTemplate } from '@scrm/plugin-industry'
import { returnFlow } from './flow.js'
import { returnForm } from './form.js'

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })
export const TYPE_KEYS = ['ecommerce-return', 'ecommerce-exchange']

/** 电商退换货 (seeds: a return request from the WeChat shop lands on the warehouse keeper's phone). */
export const ecommerceReturns = defineIndustryTemplate({
  id: 'ecommerce-returns',
  industry: 'ecommerce',
  label: t('电商退换货', 'E-commerce returns'),
  description: t('退货/换货申请：小额自动通过、大额两级审批，等待退货包裹超时自动关闭，仓库验收后退款或换货，按单固定处理费结算', 'Returns and exchanges: small amounts approved at once, larger ones by two levels; auto-close when the parcel does not arrive; fixed handling fee per request'),
  bundle: {
    departments: [
      { key: 'ecommerce-service', name: '客服部' },
      { key: 'ecommerce-warehouse', name: '仓储部' },
      { key: 'ecommerce-finance', name: '财务部' },
    ],
    teams: [
      { key: 'ecommerce-cs-leads', name: '客服主管', department: 'ecommerce-service' },
      { key: 'ecommerce-warehouse', name: '仓库管理员', department: 'ecommerce-warehouse' },
      { key: 'ecommerce-finance', name: '财务审核', department: 'ecommerce-finance' },
    ],
    templates: [returnForm],
    flows: [returnFlow],
    ticketTypes: [
      { key: 'ecommerce-return', name: t('退货退款', 'Return and refund'), template: returnForm.key, flow: returnFlow.key },
      { key: 'ecommerce-exchange', name: t('换货', 'Exchange'), template: returnForm.key, flow: returnFlow.key },
    ],
    slaPolicies: [{
      name: '电商退换货时效',
      position: 100,
      condition: { in: [{ var: 'ticket.typeKey' }, TYPE_KEYS] },
      // Parcels travel on weekends too: calendar time.
      calendar: null,
      // Waiting for the parcel is the customer's part: the clock stops while the ticket is pending.
      targets: {
        urgent: { firstResponse: 'PT1H', resolution: 'P3D' },
        high: { firstResponse: 'PT2H', resolution: 'P5D' },
        normal: { firstResponse: 'PT4H', resolution: 'P10D' },
        low: { firstResponse: 'P1D', resolution: 'P14D' },
      },
      warning: { at: '80%' },
      escalations: [{ after: 'PT0S', actions: [{ type: 'notify', to: [{ supervisor: 1 }] }, { type: 'reassign', to: { supervisor: 1 } }] }],
    }],
    routingRules: [
      { name: '退换货验收：仓库管理员轮流', when: { in: [{ var: 'ticket.type' }, TYPE_KEYS] }, pool: { team: 'ecommerce-warehouse' }, strategy: 'round-robin' },
    ],
    settlementRules: [
      // A fixed handling fee per request, by type (support.level is a table lookup: the type is the level).
      {
        name: '退换货处理费', ticketType: 'ecommerce-return', department: 'ecommerce-warehouse', formulaId: 'support.level',
        params: { fees: { 'ecommerce-return': 800, 'ecommerce-exchange': 1500 } }, inputs: { level: { fact: 'typeKey' } },
      },
      {
        name: '换货处理费', ticketType: 'ecommerce-exchange', department: 'ecommerce-warehouse', formulaId: 'support.level',
        params: { fees: { 'ecommerce-return': 800, 'ecommerce-exchange': 1500 } }, inputs: { level: { fact: 'typeKey' } },
      },
    ],
    demo: {
      customers: [{ name: '陈先生', phone: '13600136000', tier: 'VIP' }],
      assets: [],
      tickets: [{
        typeKey: 'ecommerce-return', title: '收到的保温杯有裂纹（演示）', customerPhone: '13600136000',
        fields: { orderNo: 'EC202603010001', reason: '质量问题', amountFen: 12_900, contactPhone: '13600136000' },
      }],
    },
  },
})
