import { calendarProvider } from '@scrm/calendar'
import { definePlugin, type PluginHost } from '@scrm/kernel'
import type { FlowRuntime } from '@scrm/plugin-core'
import type { CustomersService } from '@scrm/plugin-customers'
import type { NotifyService } from '@scrm/plugin-notify'
import type { TicketEvents } from '@scrm/plugin-tickets'
import { tenantScope } from '@scrm/store'
import type { SlaDeps } from './actions.js'
import { TIMER_KIND } from './clock.js'
import { fireSla } from './firing.js'
import { routingFor } from './people.js'
import { migrations } from './migrations.js'
import { HANDLED, react, relevant } from './reactions.js'
import { policyRoutes } from './routes/policies.js'
import { ticketSlaRoutes } from './routes/ticket-sla.js'

export type { Action, EscalationLevel, PolicyDefinition, Recipient, TargetKind, Warning } from './policy.js'
export type { SlaState, TargetState } from './schedule.js'
export { TIMER_KIND }
export { validatePolicy } from './validate.js'
export { policyColumns } from './routes/policies.js'

/**
 * A tenant that switched SLA off: its routes answer 404 and its clocks stand still. The kernel's
 * own answer is the route registry's tenant filter (setup gets no `isEnabled`).
 */
const enabledFor = (host: PluginHost, prefix = '/sla') => (tenantId: string) => !!host.registries.routes.get(tenantId, prefix)

/**
 * SLA policies: chosen per ticket by conditions (first match, default last), targets per priority
 * for first response, next response and resolution in business or calendar time, pauses while
 * waiting on the customer, a warning and escalation levels (notify, reassign, raise priority,
 * add a watcher). Deadlines are runtime timers (`sla.due`): durable, fired exactly once.
 */
export default definePlugin({
  name: 'sla',
  version: '0.1.0',
  dependsOn: ['core', 'tickets', 'notify'],
  label: { 'zh-CN': '服务时效（SLA）', 'en-US': 'SLA policies' },
  description: {
    'zh-CN': '按条件匹配的时效策略、工作日历计时、等待客户时暂停、超时预警与多级升级',
    'en-US': 'Condition-matched SLA policies in business time, pauses while waiting, warnings and escalation levels',
  },
  setup({ migrations: m, routes, services, host, logger }) {
    for (const def of migrations) m.register(def)
    const runtime = services.get<FlowRuntime>('flow.runtime')
    const deps: SlaDeps = {
      host,
      calendars: calendarProvider(),
      clock: runtime.clock,
      notify: services.get<NotifyService>('notify'),
      customers: services.get<CustomersService>('customers'),
      logger,
    }
    const enabled = enabledFor(host)

    runtime.engine.registerTimerKind(TIMER_KIND, ctx => fireSla(deps, enabled, ctx))
    services.get<TicketEvents>('tickets.events').on(async (scope, event) => {
      if (!HANDLED.has(event.kind) || !enabled(scope.tenantId)) return
      const now = deps.clock.now()
      try {
        const pre = await relevant(scope, event)
        if (!pre) return
        // A savepoint with a plain scope: an SLA failure must not fail the ticket change, and
        // the SLA's own timeline entries are not heard again.
        await scope.db.transaction(trx => react(deps, tenantScope(scope.tenantId, trx), event, now, pre))
      }
      catch (err) {
        logger.error({ err, ticketId: event.ticketId, event: event.kind }, 'SLA could not follow a ticket change')
      }
    })

    routes.register({ prefix: '/sla', plugin: async app => app.register(policyRoutes(deps.calendars, () => deps.clock.now(), routingFor(host)), { prefix: '/policies' }) })
    routes.register({ prefix: '/tickets/:id/sla', plugin: ticketSlaRoutes(deps.calendars, () => deps.clock.now()) })
  },
})
