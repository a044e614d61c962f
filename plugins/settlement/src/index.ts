import { definePlugin, type PluginHost } from '@scrm/kernel'
import type { FlowRuntime } from '@scrm/plugin-core'
import { recordEvent, type TicketEvents } from '@scrm/plugin-tickets'
import { tenantScope } from '@scrm/store'
import type { SettlementConfig, SettlementDeps } from './deps.js'
import { builtinFormulas } from './formulas/builtin.js'
import { migrations } from './migrations.js'
import { formulaRoutes } from './routes/formulas.js'
import { reportRoutes } from './routes/report.js'
import { ruleRoutes } from './routes/rules.js'
import { clearLines, settleTicket } from './settle.js'

export type { SettlementConfig } from './deps.js'
export { builtinFormulas } from './formulas/builtin.js'
export { fenToYuan, roundFen } from './money.js'
export { settleTicket } from './settle.js'
export { type RuleBody, ruleColumns, validateRule } from './rules.js'

/** Switched off for a tenant → its routes answer 404; the route registry is the kernel's per-tenant answer. */
const enabledFor = (host: PluginHost) => (tenantId: string) => !!host.registries.routes.get(tenantId, '/settlement')

/**
 * Settlement: formulas (the `settlementFormulas` extension point, plus tenants' own) run in the
 * sandbox, rules per ticket type charging departments, lines written when a ticket is resolved,
 * and the reconciliation report with CSV / XLSX export.
 */
export default definePlugin({
  name: 'settlement',
  version: '0.1.0',
  dependsOn: ['core', 'tickets', 'org'],
  label: { 'zh-CN': '结算', 'en-US': 'Settlement' },
  description: {
    'zh-CN': '按工单类型的多档位结算规则、解决时生成结算明细、按部门对账与导出',
    'en-US': 'Settlement rules per ticket type, lines on resolution, reconciliation by department with export',
  },
  setup({ migrations: m, settlementFormulas, routes, services, host, config, logger }) {
    for (const def of migrations) m.register(def)
    for (const f of builtinFormulas) settlementFormulas.register(f)
    const runtime = services.get<FlowRuntime>('flow.runtime')
    const deps: SettlementDeps = { host, sandbox: runtime.sandbox, config: config as SettlementConfig, logger }
    const enabled = enabledFor(host)

    services.get<TicketEvents>('tickets.events').on(async (scope, event) => {
      const entersResolved = (event.kind === 'status_changed' || event.kind === 'reopened') && event.data.category === 'resolved'
      if ((!entersResolved && event.kind !== 'reopened') || !enabled(scope.tenantId)) return
      // In the status change's transaction, inside a savepoint with a plain scope: whatever goes
      // wrong here rolls back only the settlement, never the resolution.
      try {
        await scope.db.transaction(async (trx) => {
          const plain = tenantScope(scope.tenantId, trx)
          if (entersResolved) await settleTicket(deps, plain, event.ticketId)
          else await clearLines(plain, event.ticketId)
        })
      }
      catch (err) {
        logger.error({ err, ticketId: event.ticketId }, 'settlement of a resolved ticket failed')
        await recordEvent(tenantScope(scope.tenantId, scope.db), event.ticketId, 'settlement_failed', { kind: 'system', name: 'settlement' }, { code: 'internal', message: (err as Error).message })
      }
    })

    routes.register({
      prefix: '/settlement',
      plugin: async (app) => {
        await app.register(formulaRoutes(deps), { prefix: '/formulas' })
        await app.register(ruleRoutes(deps), { prefix: '/rules' })
        await app.register(reportRoutes(deps), { prefix: '/report' })
      },
    })
  },
})
