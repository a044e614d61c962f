import { resolve } from 'node:path'
import { definePlugin } from '@scrm/kernel'
import type { CustomersService } from '@scrm/plugin-customers'
import type { Engine } from '@scrm/runtime'
import { AttachmentStore } from './attachments/store.js'
import { DEFAULT_ALLOWED_TYPES } from './attachments/sniff.js'
import { channelDefs, connectCustomers, fieldTypeDefs } from './contributions.js'
import type { TicketsDeps } from './deps.js'
import { TicketEventEmitter, withTicketEvents } from './events.js'
import { flowStarter, ticketDataProvider } from './flow.js'
import { ticketsIntake } from './intake-service.js'
import { statusRows } from './lifecycle.js'
import { migrations } from './migrations.js'
import { attachmentRoutes } from './routes/attachments.js'
import { boardRoutes } from './routes/board.js'
import { chatRoutes } from './routes/chat.js'
import { ticketChildRoutes } from './routes/children.js'
import { portalRoutes } from './routes/portal.js'
import { regionRoutes, statusRoutes, typeRoutes } from './routes/settings.js'
import { templateRoutes } from './routes/templates.js'
import { ticketRoutes } from './routes/tickets.js'

export { createTicket, type NewTicket, type IntakeContext } from './create.js'
export type { ChannelComment, IncomingFile, StoredUpload, TicketsIntake } from './intake-service.js'
export type { TicketEvent, TicketEventListener, TicketEvents } from './events.js'
export { type Actor, findTicket, recordEvent, type Ticket, toTicket } from './model.js'
export { assignTicket, changeStatus, mutate } from './update.js'
export { publishVersion } from './templates.js'
export { invalidate as invalidateTicketSettings } from './cache.js'
export { DEFAULT_STATUSES, CATEGORIES, PRIORITIES } from './lifecycle.js'

/** Operator settings under `tickets` in SCRM_PLUGIN_CONFIG. */
export interface TicketsConfig {
  /** Where attachments are stored; default `$SCRM_DATA_DIR/attachments`. */
  attachmentsDir?: string
  maxAttachmentBytes?: number
  maxFilesPerRequest?: number
  allowedTypes?: string[]
  /** Origin of the web app, for tracking links (`https://support.example.cn`); default: relative links. */
  publicBaseUrl?: string
}

/**
 * Tickets: types, versioned templates, the ticket lifecycle, comments, attachments, links and
 * merge, and the intake channels REST API (Idempotency-Key), chat-to-ticket and customer portal.
 */
export default definePlugin({
  name: 'tickets',
  version: '0.1.0',
  dependsOn: ['core', 'customers'],
  label: { 'zh-CN': '工单', 'en-US': 'Tickets' },
  description: { 'zh-CN': '工单类型与模板、工单生命周期、多渠道受理（接口、会话、自助门户）', 'en-US': 'Ticket types and templates, lifecycle, intake through API, chat and portal' },
  setup({ migrations: m, routes, services, channels, fieldTypes, config, logger }) {
    const c = config as TicketsConfig
    for (const def of migrations) m.register(def)
    for (const f of fieldTypeDefs) fieldTypes.register(f)
    for (const ch of channelDefs) channels.register(ch)

    const customers = services.get<CustomersService>('customers')
    // The runtime is optional at this level: without it tickets are created without instances.
    let runtime: { engine: Engine } | undefined
    try { runtime = services.get<{ engine: Engine }>('flow.runtime') }
    catch { logger.warn('core provides no flow.runtime: ticket types with flows will not start them') }
    const limits = { maxBytes: c.maxAttachmentBytes ?? 10 * 1024 * 1024, maxFiles: c.maxFilesPerRequest ?? 10 }
    const events = new TicketEventEmitter()
    services.provide('tickets.events', events)
    const deps: TicketsDeps = {
      events,
      customers,
      files: new AttachmentStore({
        dir: c.attachmentsDir ?? resolve(process.env.SCRM_DATA_DIR ?? 'data', 'attachments'),
        maxBytes: limits.maxBytes,
        allowedTypes: c.allowedTypes ?? DEFAULT_ALLOWED_TYPES,
      }),
      flow: flowStarter(() => runtime?.engine, logger),
    }
    services.provide('flow.dataProvider', ticketDataProvider(customers, events))
    // Channel plugins (email, WeCom) create tickets and comments through the same pipeline.
    services.provide('tickets.intake', ticketsIntake(deps))
    connectCustomers(customers)

    routes.register({ prefix: '/tickets', plugin: async (app) => {
      // Status changes, assignments, comments, merges: `tickets.events` listeners hear them.
      app.addHook('preHandler', async (request) => {
        if (request.scope) request.scope = withTicketEvents(request.scope, events)
      })
      await app.register(ticketRoutes(deps))
      await app.register(ticketChildRoutes(deps, limits))
    } })
    routes.register({ prefix: '/ticket-templates', plugin: templateRoutes })
    routes.register({ prefix: '/ticket-types', plugin: typeRoutes })
    routes.register({ prefix: '/ticket-statuses', plugin: statusRoutes })
    routes.register({ prefix: '/ticket-regions', plugin: regionRoutes })
    routes.register({ prefix: '/ticket-board', plugin: boardRoutes(() => new Date()) })
    routes.register({ prefix: '/attachments', plugin: attachmentRoutes(deps, limits) })
    routes.register({ prefix: '/channels/chat', plugin: chatRoutes(deps) })
    routes.register({ prefix: '/portal', public: true, plugin: portalRoutes(deps, { ...limits, publicBaseUrl: c.publicBaseUrl ?? '' }) })
  },
  async onTenantCreated({ tenantId, db }) {
    await db('ticket_statuses').insert(statusRows(tenantId))
  },
})
