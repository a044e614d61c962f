import type { JsonSchema, Labelled } from './common.js'

export interface NotificationMessage {
  to: string[]
  subject: string
  body: string
  urgent?: boolean
  /** De-duplication key; receivers that support it get it as a header. */
  idempotencyKey: string
  meta?: Record<string, unknown>
}

export interface NotifierDef<Config = any> extends Labelled {
  id: string
  configSchema?: JsonSchema
  send: (message: NotificationMessage, config: Config) => Promise<{ providerId?: string } | void>
}
