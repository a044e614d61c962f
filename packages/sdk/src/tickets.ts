import type { TenantScope } from '@scrm/store'

/** Who did something, as the ticket timeline records it. */
export interface TicketActor {
  kind: 'user' | 'customer' | 'system' | 'flow'
  id?: string | null
  name?: string
}

/** The fields a channel gives to create a ticket (the tickets plugin validates them against the type's template). */
export interface NewTicketInput {
  /** Key of a ticket type of the tenant (`/api/ticket-types`). */
  typeKey: string
  title?: string
  description?: string
  fields?: Record<string, unknown>
  priority?: 'low' | 'normal' | 'high' | 'urgent'
  /** Identifies (or creates) the customer: phone, email, external ids. */
  customer?: { name?: string, phone?: string, email?: string, wecomExternalUserId?: string, wechatOpenId?: string, companyName?: string }
}

/** The parts of a created ticket every channel needs; the service returns the full ticket. */
export interface TicketSummary {
  id: string
  number: string
  title: string
  status: string
  channel: string
  [key: string]: unknown
}

/**
 * The `tickets.intake` service of the tickets plugin, as a channel plugin uses it:
 * `services.get<TicketsIntake>('tickets.intake')` in setup (declare `dependsOn: ['tickets']`).
 * Tickets go through the same pipeline as the built-in channels: template validation,
 * numbering, customer matching, flows, timeline.
 */
export interface TicketsIntake {
  create: (scope: TenantScope, input: NewTicketInput, ctx: { channel: string, actor: TicketActor }) => Promise<{ ticket: TicketSummary, replayed: boolean }>
  find: (scope: TenantScope, id: string) => Promise<TicketSummary | undefined>
}
