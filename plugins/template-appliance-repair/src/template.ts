import { defineIndustryTemplate, type IndustryBundle } from '@scrm/plugin-industry'
import { repairFlow } from './flow.js'
import { serviceForm } from './form.js'

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })
export const TYPE_KEYS = ['appliance-repair', 'appliance-install', 'appliance-consult']
const ourTypes = { in: [{ var: 'ticket.typeKey' }, TYPE_KEYS] }
/** Routing conditions name the type `ticket.type` (routing's facts), SLA ones `ticket.typeKey`. */
const routedTypes = { in: [{ var: 'ticket.type' }, TYPE_KEYS] }

/** 家电售后 (seeds: 家电售后): repair, installation and enquiries with on-site engineers. */
export const applianceRepair = defineIndustryTemplate({
  id: 'appliance-repair',
  industry: 'appliances',
  label: t('家电售后', 'Appliance after-sales'),
  description: t('报修/安装/咨询三类工单，按区域与技能派工程师上门，备件审批、回访与工时里程结算', 'Repair, installation and enquiry tickets; engineers dispatched by region and skill, parts approval, CSAT, labour and distance settlement'),
  bundle: {
    departments: [
      { key: 'appliance-service', name: '售后服务部' },
      { key: 'appliance-parts', name: '备件部' },
    ],
    teams: [
      { key: 'appliance-engineers', name: '上门工程师', department: 'appliance-service' },
      { key: 'appliance-supervisors', name: '售后主管', department: 'appliance-service' },
      { key: 'appliance-parts', name: '备件审批', department: 'appliance-parts' },
    ],
    templates: [serviceForm],
    flows: [repairFlow],
    ticketTypes: [
      { key: 'appliance-repair', name: t('报修', 'Repair'), template: serviceForm.key, flow: repairFlow.key, defaultPriority: 'high' },
      { key: 'appliance-install', name: t('安装', 'Installation'), template: serviceForm.key, flow: repairFlow.key },
      { key: 'appliance-consult', name: t('咨询', 'Enquiry'), template: serviceForm.key, defaultPriority: 'low' },
    ],
    slaPolicies: [{
      name: '家电售后时效',
      position: 100,
      condition: ourTypes,
      calendar: 'cn-workdays',
      targets: {
        urgent: { firstResponse: 'PT30M', resolution: 'PT8H' },
        high: { firstResponse: 'PT1H', resolution: 'P1D' },
        normal: { firstResponse: 'PT2H', resolution: 'P2D' },
        low: { firstResponse: 'PT4H', resolution: 'P3D' },
      },
      warning: { at: '80%' },
      escalations: [
        { after: 'PT0S', actions: [{ type: 'notify', to: [{ supervisor: 1 }] }, { type: 'addWatcher', who: { supervisor: 1 } }] },
        { after: 'PT2H', actions: [{ type: 'notify', to: [{ supervisor: 2 }] }, { type: 'raisePriority' }] },
      ],
    }],
    routingRules: [
      {
        name: '家电空调：就近派单',
        when: { and: [routedTypes, { '==': [{ var: 'form.category' }, '空调'] }] },
        pool: { team: 'appliance-engineers', skills: ['空调'], region: '$ticket' },
        strategy: 'nearest',
      },
      {
        name: '家电其他品类：按技能派单',
        when: routedTypes,
        pool: { team: 'appliance-engineers', region: '$ticket' },
        strategy: 'skills',
      },
    ],
    dictionaries: [{
      key: 'appliance-fault-codes', name: '家电故障码', match: 'token', tagPrefix: 'fault:',
      entries: [{ term: 'E1', tag: '传感器' }, { term: 'E4', tag: '排水' }, { term: 'F0', tag: '冷媒' }, { term: 'H6', tag: '电机' }],
    }],
    settlementRules: ['appliance-repair', 'appliance-install'].flatMap((type): IndustryBundle['settlementRules'] => [
      {
        name: `${type} 工时`, ticketType: type, department: 'appliance-service', formulaId: 'labour.hourly',
        params: { rateFen: 8000, incrementMinutes: 30, minimumMinutes: 60 }, inputs: { hours: { field: 'labourHours' } },
        condition: { '!!': [{ var: 'ticket.fields.labourHours' }] },
      },
      {
        name: `${type} 上门里程`, ticketType: type, department: 'appliance-service', formulaId: 'logistics.distance',
        params: { baseFen: 2000, includedKm: 5, tiers: [{ upToKm: 30, perKmFen: 200 }, { perKmFen: 300 }] }, inputs: { km: { field: 'distanceKm' } },
        condition: { '!!': [{ var: 'ticket.fields.distanceKm' }] },
      },
    ]),
    demo: {
      customers: [
        { name: '王小明', phone: '13800138000', region: '上海市' },
        { name: '李华', phone: '13900139000', tier: 'VIP', region: '北京市' },
      ],
      assets: [
        { serial: 'KFR35-2026-0001', model: 'KFR-35GW', name: '客厅空调', customerPhone: '13800138000', location: '上海市浦东新区' },
        { serial: 'BCD520-2026-0002', model: 'BCD-520', name: '厨房冰箱', customerPhone: '13900139000', location: '北京市朝阳区' },
      ],
      tickets: [{
        typeKey: 'appliance-repair', title: '客厅空调不制冷（演示）', customerPhone: '13800138000', assetSerial: 'KFR35-2026-0001', region: '上海',
        fields: { requestKind: '报修', category: '空调', model: 'KFR-35GW', serialNo: 'KFR35-2026-0001', faultDescription: '开机半小时仍不制冷，面板显示 E1', contactPhone: '13800138000', address: ['上海市', '上海市', '浦东新区'] },
      }],
    },
  },
})
