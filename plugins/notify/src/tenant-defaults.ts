import type { NotifierDef } from '@scrm/kernel'
import { tenantScope } from '@scrm/store'
import type { Knex } from 'knex'
import { channels, fullConfig } from './channels.js'

/**
 * Lets a notifier be called without settings: the flow runtime's own `notify` outbox kind (the
 * designer's notify node) calls `send(message, {}, { tenantId })`. Then the tenant's default
 * channel of that notifier supplies host, robot key or URL. Such messages skip the delivery log,
 * templates and quiet hours; `NotifyService.dispatch` is the path with all of those.
 */
export function withTenantDefaults<T extends NotifierDef>(def: T, db: () => Knex | undefined): T {
  return {
    ...def,
    async send(message, config, ctx) {
      const knex = db()
      if ((!config || !Object.keys(config).length) && ctx?.tenantId && knex) {
        const channel = await channels.forNotifier(tenantScope(ctx.tenantId, knex), def.id)
        if (channel) config = fullConfig(channel)
      }
      return def.send(message, config, ctx)
    },
  }
}
