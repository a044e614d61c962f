import { definePlugin } from '@scrm/kernel'
import { applianceRepair } from './template.js'

export { applianceRepair } from './template.js'

/** 家电售后 industry template: data only; the `industry` plugin installs it into a tenant. */
export default definePlugin({
  name: 'template-appliance-repair',
  version: '0.1.0',
  dependsOn: ['industry'],
  enabledByDefault: false,
  label: applianceRepair.label,
  description: applianceRepair.description,
  setup({ industryTemplates }) {
    industryTemplates.register(applianceRepair)
  },
})
