import type { Labelled } from './common.js'

/** A kind of ticket a plugin provides out of the box (tenants can also create their own in the DB). */
export interface TicketTypeDef extends Labelled {
  id: string
  /** Key of the flow its tickets run through, if any. */
  flowKey?: string
}
