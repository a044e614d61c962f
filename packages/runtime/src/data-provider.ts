import type { Knex } from 'knex'
import { getPath, setPath } from './paths.js'
import type { FlowData, InstanceRow, TaskRow } from './types.js'

/** What a provider gets: the step's transaction and the (locked, mutable) instance. */
export interface DataContext {
  tenantId: string
  trx: Knex.Transaction
  instance: InstanceRow
}

export type TaskEvent = 'created' | 'completed' | 'cancelled' | 'assigned'

/**
 * Where ticket data comes from and goes to. The tickets plugin provides the real one as the
 * kernel service `flow.dataProvider`; every call runs inside the step's transaction (use
 * `ctx.trx` only: on PGlite a query outside it would wait for it forever).
 */
export interface InstanceDataProvider {
  load: (ctx: DataContext) => Promise<Omit<FlowData, 'vars'>>
  /** Writes `ticket.*` paths (setFields, script output, task forms): `{ 'fields.fee': 120 }`. */
  applyTicket: (ctx: DataContext, patch: Record<string, unknown>) => Promise<void>
  /** Lets the ticket follow its tasks (status, assignee). */
  onTask?: (ctx: DataContext, event: TaskEvent, task: TaskRow) => Promise<void>
  /** The instance ended; `status` is the end node's ticket status, if it set one. */
  onInstanceEnded?: (ctx: DataContext, outcome: { status: InstanceRow['status'], ticketStatus?: string }) => Promise<void>
}

const asObject = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {})

/**
 * Until the tickets plugin exists: ticket, customer and form live in the instance's vars
 * (`vars.ticket`, `vars.customer`, `vars.form`), so a flow can be started and routed with data alone.
 */
export const varsDataProvider: InstanceDataProvider = {
  async load({ instance }) {
    const v = instance.vars
    return { ticket: asObject(v.ticket), customer: asObject(v.customer), form: asObject(v.form) }
  },
  async applyTicket({ instance }, patch) {
    const ticket = asObject(getPath(instance.vars, 'ticket'))
    for (const [path, value] of Object.entries(patch)) setPath(ticket, path, value)
    instance.vars.ticket = ticket
  },
}
