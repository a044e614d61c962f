import type { Kernel } from '@scrm/kernel'
import type { Database } from '@scrm/store'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { installAuth } from './auth/hook.js'
import { installDocs } from './http/docs.js'
import { installErrorHandling } from './http/error-handler.js'
import { installValidators } from './http/validation.js'
import { installWeb } from './http/web.js'
import { authRoutes } from './routes/auth.js'
import { healthRoutes } from './routes/health.js'
import { pluginInstallRoutes } from './routes/plugin-install.js'
import { pluginRoutes } from './routes/plugins.js'
import { runtimeDispatcher } from './runtime-plugins/dispatcher.js'
import type { RuntimePlugins } from './runtime-plugins/manager.js'
import { mountPluginRoute } from './runtime-plugins/router.js'
import { userRoutes } from './routes/users.js'

export interface AppDeps {
  db: Database
  kernel: Kernel
  secret: string
  webDir?: string
  logLevel?: string
  /** A pino logger instance or `false`; defaults to a new pino at `logLevel`. */
  logger?: false | FastifyBaseLogger
  version?: string
  /** Runtime install/uninstall of plugin tarballs (absent: no install routes). */
  runtime?: RuntimePlugins
  maxPluginUploadBytes?: number
}

/** The HTTP application: platform routes, then every plugin's routes, each in its own context. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: deps.logger ?? { level: deps.logLevel ?? 'info' } }),
    bodyLimit: 1024 * 1024,
    // Behind the default 5 s, a slow client cannot hold a connection open forever.
    requestTimeout: 30_000,
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false } },
  })
  installValidators(app)
  installErrorHandling(app)
  await installDocs(app, deps.version ?? '0.1.0')
  installAuth(app, { db: deps.db, secret: deps.secret })

  await app.register(async (api) => {
    await api.register(healthRoutes(deps))
    await api.register(authRoutes(deps))
    await api.register(userRoutes)
    await api.register(pluginRoutes({ ...deps, visible: deps.runtime && ((tenantId: string, name: string) => deps.runtime!.visibleTo(tenantId, name)) }))
    if (deps.runtime) {
      await api.register(pluginInstallRoutes({ runtime: deps.runtime, maxUploadBytes: deps.maxPluginUploadBytes }))
      await api.register(runtimeDispatcher(deps.runtime))
    }
    for (const { plugin, item } of deps.kernel.registries.routes.entries()) {
      // Runtime-installed plugins answer under /api/x through their own router.
      if (deps.runtime?.has(plugin)) continue
      await mountPluginRoute(api, deps.db, deps.kernel, plugin, item)
    }
  }, { prefix: '/api' })

  await installWeb(app, deps.webDir)
  return app
}
