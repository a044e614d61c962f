import type { JsonSchema, Labelled } from './common.js'

/**
 * A flow node type: `run` when a token arrives, `resume` when the thing it waits for happens
 * (NocoBase-style). The runtime package defines the concrete context types.
 */
export interface NodeTypeDef<Ctx = any, Event = any> extends Labelled {
  type: string
  /** Palette group: 'event' | 'task' | 'gateway' | 'automation' | … */
  category: string
  configSchema: JsonSchema
  run: (ctx: Ctx) => unknown | Promise<unknown>
  resume?: (ctx: Ctx, event: Event) => unknown | Promise<unknown>
}
