import type { Kernel } from '@scrm/kernel'
import type { Database } from '@scrm/store'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'

export function healthRoutes(deps: { db: Database, kernel: Kernel }): FastifyPluginAsync {
  return async (app) => {
    app.get('/health', {
      config: { public: true },
      schema: {
        tags: ['platform'],
        summary: 'Liveness and readiness: database reachable, plugins loaded',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            db: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
            plugins: Type.Array(Type.Object({ name: Type.String(), version: Type.String() })),
          }),
        },
      },
    }, async () => {
      await deps.db.knex.raw('select 1')
      return {
        status: 'ok' as const,
        db: deps.db.dialect,
        plugins: deps.kernel.plugins.map(p => ({ name: p.definition.name, version: p.definition.version })),
      }
    })
  }
}
