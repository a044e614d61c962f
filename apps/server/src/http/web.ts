import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/**
 * Serves the built web app. Any GET that is not an API, docs or asset path gets index.html so the
 * client-side router can handle deep links.
 */
export async function installWeb(app: FastifyInstance, webDir: string | undefined): Promise<void> {
  if (!webDir || !existsSync(join(webDir, 'index.html'))) {
    app.log.warn({ webDir }, 'web app not built: only the API is served')
    return
  }
  await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] })
  app.get('/*', { schema: { hide: true }, config: { public: true } }, (request, reply) => {
    const path = request.url.split('?')[0]
    if (path.startsWith('/api/') || path.startsWith('/docs') || path.startsWith('/assets/'))
      return reply.callNotFound()
    return reply.header('cache-control', 'no-cache').sendFile('index.html')
  })
}
