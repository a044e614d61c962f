import type { Registries } from '@scrm/kernel'
import type { FastifyPluginAsync } from 'fastify'
import type { NotifyService } from '../service.js'
import { channelRoutes } from './channels.js'
import { deliveryRoutes } from './deliveries.js'
import { settingsRoutes } from './settings.js'

/** Everything under `/api/notify`. */
export function notifyRoutes(service: NotifyService, registries: Pick<Registries, 'notifiers'>): FastifyPluginAsync {
  return async (app) => {
    await app.register(channelRoutes(service, registries))
    await app.register(settingsRoutes)
    await app.register(deliveryRoutes(service))
  }
}
