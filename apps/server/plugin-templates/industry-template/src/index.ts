import { defineMessages, definePlugin, type IndustryTemplateDef } from '@scrm/sdk'

const messages = defineMessages({
  'zh-CN': { label: '__NAME__ 行业模板', description: '小家电维修：报修单与维修工单类型' },
  'en-US': { label: '__NAME__ industry template', description: 'Small appliance repair: a repair form and ticket type' },
})

const text = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })

/**
 * What a tenant gets, in the shape the `industry` plugin installs (one transaction, removable):
 * departments, teams, form templates, flows, ticket types, SLA policies, routing and settlement
 * rules, referring to each other by key. This one ships a form and a ticket type using it.
 */
const template: IndustryTemplateDef = {
  id: '__NAME__',
  industry: 'appliance-repair',
  label: messages.text('label'),
  description: messages.text('description'),
  bundle: {
    departments: [{ key: '__NAME__-service', name: '售后服务部' }],
    teams: [],
    templates: [{
      key: '__NAME__-form',
      name: text('维修单', 'Repair form'),
      schema: {
        fields: [
          { key: 'contactPhone', type: 'phone', label: text('联系电话', 'Phone'), required: true },
          { key: 'faultDescription', type: 'textarea', label: text('故障描述', 'Fault description'), maxLength: 2000 },
        ],
      },
    }],
    flows: [],
    ticketTypes: [{ key: '__NAME__-repair', name: text('维修', 'Repair'), template: '__NAME__-form', defaultPriority: 'high' }],
    slaPolicies: [],
    routingRules: [],
    settlementRules: [],
  },
}

export default definePlugin({
  name: '__NAME__',
  version: '0.1.0',
  // The industry plugin lists, installs and removes contributed templates.
  dependsOn: ['industry'],
  label: messages.text('label'),
  description: messages.text('description'),
  setup({ industryTemplates }) {
    industryTemplates.register(template)
  },
})
