import { validateValues } from '@scrm/forms'
import type { Logger } from '@scrm/kernel'
import type { CustomersService } from '@scrm/plugin-customers'
import { type DataContext, type Engine, type InstanceDataProvider, RuntimeError, startInstance, type TaskEvent, type TaskRow } from '@scrm/runtime'
import { tenantScope, type TenantScope } from '@scrm/store'
import { cached } from './cache.js'
import type { FlowStarter } from './deps.js'
import { type TicketEventEmitter, withTicketEvents } from './events.js'
import { canMove, type Category } from './lifecycle.js'
import { type Actor, canonical, currentTicket, remember, type Ticket, toTicket } from './model.js'
import { searchText } from './search.js'
import { getVersion } from './templates.js'
import { type Change, mutate, statusByKey } from './update.js'

const FLOW: Actor = { kind: 'flow', name: 'flow' }
const scopeOf = (ctx: DataContext) => tenantScope(ctx.tenantId, ctx.trx)

/**
 * A ticket of a type that names a flow starts that flow's newest published version, in the
 * ticket's own transaction (ticket and instance exist together or not at all). A flow key with no
 * published version yet starts nothing: the ticket is still created.
 */
export function flowStarter(engine: () => Engine | undefined, logger: Logger): FlowStarter {
  return {
    async start(s, ticket, flowKey, actor) {
      const e = engine()
      if (!e) {
        logger.warn({ flowKey }, 'no flow runtime loaded: ticket created without a flow instance')
        return false
      }
      let instance
      try {
        instance = await startInstance(e, s.db, s.tenantId, {
          flowKey, ticketId: ticket.id, actor: actor.kind === 'user' ? { userId: actor.id ?? undefined } : { name: actor.name ?? actor.kind },
        })
      }
      catch (err) {
        // No published version: nothing was written before the lookup failed, the transaction goes on.
        if (err instanceof RuntimeError && err.code === 'not_found') return false
        throw err
      }
      // Flow-driven changes already recorded the instance on the ticket; otherwise record it now.
      if ((await currentTicket(s, ticket.id))?.flowInstanceId !== instance.id) {
        const [row] = await s.table('tickets').where({ id: ticket.id }).update({ flow_instance_id: instance.id }).returning('*')
        remember(s, toTicket({ ...row, type_key: ticket.typeKey }))
      }
      return true
    },
  }
}

async function flowTicket(ctx: DataContext, events: TicketEventEmitter): Promise<{ s: TenantScope, ticket: Ticket } | undefined> {
  if (!ctx.instance.ticket_id) return undefined
  const s = withTicketEvents(scopeOf(ctx), events)
  const ticket = await currentTicket(s, ctx.instance.ticket_id)
  // A merged ticket lives on in its survivor; the old flow no longer drives anything.
  return ticket && !ticket.mergedIntoId ? { s, ticket } : undefined
}

/** A flow-driven change: through `mutate`, so versions and the timeline stay truthful. */
async function change(ctx: DataContext, events: TicketEventEmitter, fn: (t: Ticket, s: TenantScope) => Promise<Change | undefined>): Promise<void> {
  const found = await flowTicket(ctx, events)
  if (!found) return
  await mutate(found.s, found.ticket.id, undefined, FLOW, async (t, s) => {
    const c = (await fn(t, s)) ?? { set: {}, events: [] }
    // Any change also records which instance drives the ticket (saves the starter a write).
    if (Object.keys(c.set).length && t.flowInstanceId !== ctx.instance.id) c.set.flow_instance_id = ctx.instance.id
    return c
  })
}

async function moveTo(s: TenantScope, t: Ticket, key: string | undefined, category: Category): Promise<Change | undefined> {
  const next = key ? await statusByKey(s, key) : await cached(s.tenantId, `status:${category}`, () => s.table('ticket_statuses').where({ category }).orderBy('position').first('key', 'category'))
  if (!next || next.key === t.status || !canMove(t.statusCategory, next.category)) return undefined
  const now = new Date()
  return {
    set: { status: next.key, status_category: next.category, ...(next.category === 'resolved' ? { resolved_at: now } : {}), ...(next.category === 'closed' ? { closed_at: now } : {}) },
    events: [{ kind: 'status_changed', data: { from: t.status, to: next.key, category: next.category, by: 'flow' }, public: true }],
  }
}

const TOP_LEVEL: Record<string, string> = { title: 'title', description: 'description', priority: 'priority', team: 'team', assigneeId: 'assignee_id' }

/**
 * The kernel service `flow.dataProvider`: conditions see `{ ticket, customer, form }` (form = the
 * ticket's field values), setFields writes ticket fields (validated against the ticket's template
 * version), and the ticket's status and assignee follow the flow's tasks.
 */
export function ticketDataProvider(customers: CustomersService, events: TicketEventEmitter): InstanceDataProvider {
  return {
    async load(ctx) {
      const found = ctx.instance.ticket_id ? await currentTicket(scopeOf(ctx), ctx.instance.ticket_id) : undefined
      if (!found) return { ticket: {}, customer: {}, form: {} }
      const customer = found.customerId ? await customers.get(scopeOf(ctx), found.customerId, { follow: true }) : undefined
      return { ticket: { ...found }, customer: { ...customer }, form: { ...found.fields } }
    },

    async applyTicket(ctx, patch) {
      await change(ctx, events, async (t, s) => {
        const set: Record<string, unknown> = {}
        const fields = { ...t.fields }
        for (const [path, value] of Object.entries(patch)) {
          if (path.startsWith('fields.')) fields[path.slice(7)] = value
          else if (TOP_LEVEL[path]) set[TOP_LEVEL[path]] = value
          else throw new Error(`a flow cannot write ticket.${path} (writable: fields.*, ${Object.keys(TOP_LEVEL).join(', ')})`)
        }
        if (canonical(fields) !== canonical(t.fields)) {
          const version = t.templateVersionId ? await getVersion(s, t.templateVersionId) : undefined
          const r = version ? validateValues(version.schema, fields, { region: t.region ?? undefined }) : undefined
          if (!r?.ok) throw new Error(`setFields: ${r ? r.errors.map(e => `${e.field} ${e.message['en-US']}`).join('; ') : 'the ticket has no template'}`)
          set.fields = JSON.stringify(r.values)
          set.search_text = searchText(t.number, (set.title as string) ?? t.title, (set.description as string) ?? t.description, r.values)
        }
        return { set, events: [{ kind: 'updated', data: { by: 'flow', paths: Object.keys(patch) } }] }
      })
    },

    async onTask(ctx, event: TaskEvent, task: TaskRow) {
      await change(ctx, events, async (t, s) => {
        if (event !== 'created' && event !== 'assigned') return undefined
        // Work has started: a new ticket opens, and the task's assignee becomes the ticket's.
        const status = t.statusCategory === 'new' ? await moveTo(s, t, undefined, 'open') : undefined
        const assignee = task.assignee_id && task.assignee_id !== t.assigneeId ? task.assignee_id : undefined
        if (!status && !assignee) return undefined
        return {
          set: { ...status?.set, ...(assignee ? { assignee_id: assignee } : {}) },
          events: [...(status?.events ?? []), ...(assignee ? [{ kind: 'assigned', data: { from: { assigneeId: t.assigneeId }, to: { assigneeId: assignee }, by: 'flow', taskId: task.id, node: task.node_id } }] : [])],
        }
      })
    },

    async onInstanceEnded(ctx, outcome) {
      if (outcome.status !== 'completed') return
      // An end node may name the ticket status; otherwise a finished flow resolves its ticket.
      await change(ctx, events, (t, s) => moveTo(s, t, outcome.ticketStatus, 'resolved'))
    },
  }
}
