import { definePlugin } from '@scrm/kernel'
import { ecommerceReturns } from './template.js'

export { ecommerceReturns } from './template.js'

/** 电商退换货 industry template: data only; the `industry` plugin installs it into a tenant. */
export default definePlugin({
  name: 'template-ecommerce-returns',
  version: '0.1.0',
  dependsOn: ['industry'],
  enabledByDefault: false,
  label: ecommerceReturns.label,
  description: ecommerceReturns.description,
  setup({ industryTemplates }) {
    industryTemplates.register(ecommerceReturns)
  },
})
