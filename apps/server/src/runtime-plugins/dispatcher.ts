import { notFound } from '@scrm/kernel'
import type { FastifyPluginAsync } from 'fastify'
import type { RuntimePlugins } from './manager.js'

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']

/**
 * The one route fixed at start-up behind which runtime-installed plugins' routes live:
 * `/api/x/*` finds the plugin router owning the path and hands it the raw request before the
 * main app reads the body, so the plugin's router parses, validates and authenticates itself.
 */
export function runtimeDispatcher(runtime: RuntimePlugins): FastifyPluginAsync {
  return async (app) => {
    app.route({
      method: METHODS,
      url: '/x/*',
      // The plugin's own router checks the token (its routes may be public: webhooks).
      config: { public: true },
      schema: { hide: true },
      onRequest: async (request, reply) => {
        const router = runtime.routerFor(request.url)
        if (!router) throw notFound(`route ${request.method} ${request.url.split('?')[0]}`)
        reply.hijack()
        router.routing(request.raw, reply.raw)
      },
      handler: async () => undefined,
    })
  }
}
