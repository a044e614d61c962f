import type { JsonSchema, Labelled } from './common.js'

/** An intake channel (portal, chat, email, WeCom, import, API …): where tickets come from. */
export interface ChannelDef extends Labelled {
  id: string
  /** Per-tenant settings of the channel (credentials, defaults). */
  configSchema?: JsonSchema
}
