import type { CustomersService } from '@scrm/plugin-customers'
import type { TenantScope } from '@scrm/store'
import type { AttachmentStore } from './attachments/store.js'
import type { TicketEventEmitter } from './events.js'
import type { Actor, Ticket } from './model.js'

/** Starts a ticket's flow; true when it did (the ticket may have changed). */
export interface FlowStarter {
  start: (scope: TenantScope, ticket: Ticket, flowKey: string, actor: Actor) => Promise<boolean>
}

/** What the routes and the intake pipeline need, assembled once in the plugin's setup. */
export interface TicketsDeps {
  customers: CustomersService
  files: AttachmentStore
  flow: FlowStarter
  /** Timeline entries for other plugins (`tickets.events`). */
  events: TicketEventEmitter
}
