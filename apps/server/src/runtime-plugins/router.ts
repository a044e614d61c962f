import type { Kernel, RouteDef } from '@scrm/kernel'
import type { Database } from '@scrm/store'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { installAuth, pluginGate } from '../auth/hook.js'
import { publicAccess } from '../auth/public-access.js'
import { installErrorHandling } from '../http/error-handler.js'
import { installValidators } from '../http/validation.js'

export interface RouterDeps {
  db: Database
  kernel: Kernel
  secret: string
  logger?: FastifyBaseLogger
}

/** Where runtime-installed plugins' routes live: `/api/x<prefix>` (the main app cannot add routes after listen). */
export const RUNTIME_ROUTES_PREFIX = '/api/x'

/**
 * Mounts one plugin route in its own encapsulated context with the tenant gate (shared with
 * boot-time plugins). Public routes get `request.publicAccess` instead, which applies the same
 * enablement check to the tenant they resolve.
 */
export async function mountPluginRoute(api: FastifyInstance, db: Database, kernel: Kernel, plugin: string, item: RouteDef): Promise<void> {
  await api.register(async (scope) => {
    scope.addHook('onRequest', pluginGate(kernel, plugin))
    if (item.public) {
      const access = publicAccess(db, kernel, plugin)
      scope.addHook('onRoute', (r) => { r.config = { ...(r.config as object), public: true } })
      scope.addHook('onRequest', async (request) => { request.publicAccess = access })
    }
    await scope.register(item.plugin)
  }, { prefix: item.prefix })
}

/**
 * A small fastify app holding one runtime-installed plugin's routes, with the same validators,
 * error format and auth as the main app. The main app hands it raw requests (see dispatcher).
 */
export async function buildPluginRouter(deps: RouterDeps, plugin: string): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger.child({ plugin }) } : { logger: false }),
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false } },
  })
  installValidators(app)
  installErrorHandling(app)
  installAuth(app, { db: deps.db, secret: deps.secret })
  const routes = deps.kernel.registries.routes.entries().filter(c => c.plugin === plugin)
  await app.register(async (api) => {
    for (const { item } of routes) await mountPluginRoute(api, deps.db, deps.kernel, plugin, item)
  }, { prefix: RUNTIME_ROUTES_PREFIX })
  await app.ready()
  return app
}
