import { definePlugin } from '@scrm/kernel'
import type { CustomersService } from '@scrm/plugin-customers'
import type { TicketsIntake } from '@scrm/plugin-tickets'
import { migrations } from './migrations.js'
import { callbackRoutes } from './routes/callback.js'
import { settingsRoutes } from './routes/settings.js'

export { decrypt, encrypt, open, signature, CryptoError } from './crypto.js'
export { parseFlatXml } from './xml.js'

/**
 * WeCom (企业微信) customer messages as tickets: the app / customer-service callback URL with the
 * official message crypto, per-tenant settings in the database.
 */
export default definePlugin({
  name: 'channel-wecom',
  version: '0.1.0',
  dependsOn: ['tickets', 'customers'],
  label: { 'zh-CN': '企业微信渠道', 'en-US': 'WeCom channel' },
  description: { 'zh-CN': '企业微信应用/客服回调：客户消息自动建单或追加到其未结工单', 'en-US': 'WeCom app / customer-service callback: customer messages become tickets or comments on their open ticket' },
  setup({ migrations: m, routes, channels, services }) {
    for (const def of migrations) m.register(def)
    channels.register({
      id: 'wecom',
      label: { 'zh-CN': '企业微信', 'en-US': 'WeCom' },
      description: { 'zh-CN': '企业微信客户消息（回调加解密）', 'en-US': 'WeCom customer messages (encrypted callback)' },
    })
    const intake = services.get<TicketsIntake>('tickets.intake')
    const customers = services.get<CustomersService>('customers')
    routes.register({ prefix: '/channels/wecom', plugin: settingsRoutes })
    routes.register({ prefix: '/channels/wecom/callback', public: true, plugin: callbackRoutes({ intake, customers }) })
  },
})
