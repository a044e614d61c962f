import { definePlugin } from '@scrm/kernel'
import { migrations } from './migrations.js'
import { assetRoutes } from './routes/assets.js'
import { customerChildRoutes } from './routes/children.js'
import { staffOnly } from './routes/common.js'
import { customerRoutes } from './routes/customers.js'
import { opportunityRoutes } from './routes/opportunities.js'
import { createCustomersService } from './service.js'

export type { AssetWithOwner } from './asset-token.js'
export type { IntakeIdentity, MatchResult } from './match.js'
export type { MergeHook, MergeResult } from './merge.js'
export type { Asset, Contact, Customer, Identity, Opportunity } from './model.js'
export * from './normalize.js'
export type { CardSection, CardViewer, CustomersService } from './service.js'
export { CLOSED_STAGES, OPEN_STAGES, STAGES, type StageKey } from './stages.js'

/**
 * Customers 360: customers, contacts, identities (auto-match on intake), opportunities (商机),
 * assets with portal QR codes. Other plugins use it through `services.get<CustomersService>('customers')`.
 */
export default definePlugin({
  name: 'customers',
  version: '0.1.0',
  dependsOn: ['core'],
  label: { 'zh-CN': '客户与商机', 'en-US': 'Customers & opportunities' },
  description: {
    'zh-CN': '客户360、身份识别与合并、商机、设备资产与二维码报修',
    'en-US': 'Customer 360, identity matching and merge, opportunities, assets with QR intake',
  },
  setup({ migrations: m, routes, services, config }) {
    for (const def of migrations) m.register(def)
    const publicBaseUrl = typeof config.publicBaseUrl === 'string' && config.publicBaseUrl ? config.publicBaseUrl : 'http://localhost:3000'
    const service = createCustomersService({ publicBaseUrl })
    services.provide('customers', service)

    routes.register({
      prefix: '/customers',
      plugin: async (app) => {
        app.addHook('preHandler', staffOnly)
        await app.register(customerRoutes(service))
        await app.register(customerChildRoutes)
      },
    })
    routes.register({
      prefix: '/opportunities',
      plugin: async (app) => {
        app.addHook('preHandler', staffOnly)
        await app.register(opportunityRoutes)
      },
    })
    routes.register({
      prefix: '/assets',
      plugin: async (app) => {
        app.addHook('preHandler', staffOnly)
        await app.register(assetRoutes(service))
      },
    })
  },
})
