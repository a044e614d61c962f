import type { TenantScope } from '@scrm/store'
import type { Actor } from './model.js'

/** A timeline entry as other plugins hear it (the SLA plugin: created, status changes, comments). */
export interface TicketEvent {
  ticketId: string
  kind: string
  actor: Actor
  data: Record<string, unknown>
  public: boolean
}

/**
 * Runs inside the transaction that wrote the entry, with a scope bound to it: whatever the
 * listener writes commits or rolls back with the ticket change. A throwing listener fails the change.
 */
export type TicketEventListener = (scope: TenantScope, event: TicketEvent) => Promise<void>

/** The service `tickets.events`: subscribe to every timeline entry of this platform's tickets. */
export interface TicketEvents {
  on: (listener: TicketEventListener) => () => void
}

export class TicketEventEmitter implements TicketEvents {
  private readonly listeners: TicketEventListener[] = []

  on(listener: TicketEventListener): () => void {
    this.listeners.push(listener)
    return () => {
      const i = this.listeners.indexOf(listener)
      if (i >= 0) this.listeners.splice(i, 1)
    }
  }

  /** Whether anyone listens (otherwise the intake path skips re-reading what listeners may write). */
  get active(): boolean {
    return this.listeners.length > 0
  }

  async emit(scope: TenantScope, event: TicketEvent): Promise<void> {
    for (const l of this.listeners) await l(scope, event)
  }
}

const EMITTER = Symbol('tickets.events')
type Bound = TenantScope & { [EMITTER]?: TicketEventEmitter }

/**
 * A scope that carries this platform's emitter into `recordEvent`, through nested transactions.
 * Carried by the scope rather than held in a module variable because several platforms (tests)
 * may share one process; the plugin binds it where its work enters (routes, intake, flows).
 */
export function withTicketEvents(scope: TenantScope, emitter: TicketEventEmitter): TenantScope {
  if ((scope as Bound)[EMITTER] === emitter) return scope
  const bound: Bound = {
    ...scope,
    transaction: fn => scope.transaction(s => fn(withTicketEvents(s, emitter))),
    [EMITTER]: emitter,
  }
  return bound
}

export async function emitTicketEvent(scope: TenantScope, event: TicketEvent): Promise<void> {
  await (scope as Bound)[EMITTER]?.emit(scope, event)
}

/** Whether listeners may write to tickets in this scope's transaction (then cached ticket state is not to be trusted). */
export function listening(scope: TenantScope): boolean {
  return (scope as Bound)[EMITTER]?.active ?? false
}
