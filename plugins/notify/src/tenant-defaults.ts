import type { NotifierDef } from '@scrm/kernel'
import { tenantScope } from '@scrm/store'
import type { Knex } from 'knex'
import { channels, fullConfig } from './channels.js'

/**
 * Lets a notifier be called without settings, `send(message, {}, { tenantId })`: the tenant's
 * default channel of that notifier supplies host, robot key or URL. Such messages skip the
 * delivery log, templates and quiet hours — `NotifyService.dispatch` is the path with all of
 * those, and the one the flow designer's notify node takes (plugins/core/src/flow-notify.ts).
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
