import { calendarProvider } from '@scrm/calendar'
import { definePlugin } from '@scrm/kernel'
import type { FlowRuntime } from '@scrm/plugin-core'
import type { CustomersService } from '@scrm/plugin-customers'
import type { RoutingService } from '@scrm/plugin-routing'
import { invalidateTicketSettings, type TicketsIntake } from '@scrm/plugin-tickets'
import { migrations } from './migrations.js'
import { industryRoutes } from './routes.js'

export { contents, defineIndustryTemplate, emptyManifest, type IndustryBundle, type IndustryTemplate, type InstallManifest, MANIFEST_KINDS } from './bundle.js'
export { INSTALL_STEPS } from './install.js'
export { type BundleProblem, bundleProblems } from './check.js'

/**
 * The installer of industry templates (decision 0014): lists what template plugins contribute
 * to `industryTemplates` and writes a template's departments, teams, templates, flows, ticket
 * types, SLA policies, routing and settlement rules into one tenant in one transaction.
 */
export default definePlugin({
  name: 'industry',
  version: '0.1.0',
  dependsOn: ['core', 'customers', 'tickets', 'org', 'sla', 'routing', 'settlement'],
  label: { 'zh-CN': '行业模板', 'en-US': 'Industry templates' },
  description: { 'zh-CN': '一键安装/卸载行业模板（部门、工单类型、表单、流程、SLA、派单与结算规则）', 'en-US': 'Install and remove industry templates (departments, ticket types, forms, flows, SLA, routing and settlement rules)' },
  setup({ migrations: m, routes, services, host, logger }) {
    for (const def of migrations) m.register(def)
    const runtime = services.get<FlowRuntime>('flow.runtime')
    const routing = services.get<RoutingService>('routing')
    routes.register({
      prefix: '/industry-templates',
      plugin: industryRoutes({
        host, logger, runtime, calendars: calendarProvider(), sandbox: runtime.sandbox, customers: services.get<CustomersService>('customers'),
        intake: services.get<TicketsIntake>('tickets.intake'),
        afterWrite: (tenantId) => { invalidateTicketSettings(tenantId); routing.invalidate(tenantId) },
      }),
    })
  },
})
