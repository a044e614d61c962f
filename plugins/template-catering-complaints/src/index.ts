import { definePlugin } from '@scrm/kernel'
import { cateringComplaints } from './template.js'

export { cateringComplaints } from './template.js'

/** 餐饮投诉 industry template: data only; the `industry` plugin installs it into a tenant. */
export default definePlugin({
  name: 'template-catering-complaints',
  version: '0.1.0',
  dependsOn: ['industry'],
  enabledByDefault: false,
  label: cateringComplaints.label,
  description: cateringComplaints.description,
  setup({ industryTemplates }) {
    industryTemplates.register(cateringComplaints)
  },
})
