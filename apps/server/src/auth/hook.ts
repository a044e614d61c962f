import { type AuthInfo, type Kernel, notFound, type PublicAccess, unauthorized } from '@scrm/kernel'
import { type Database, tenantScope, type TenantScope } from '@scrm/store'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { verifyToken } from './token.js'

/**
 * Every `/api` route requires a bearer token unless its config says `public`. The token names the
 * tenant, and `request.scope` is built from it: a route cannot reach another tenant's rows.
 */
export function installAuth(app: FastifyInstance, deps: { db: Database, secret: string }): void {
  app.decorateRequest('auth', null as unknown as AuthInfo)
  app.decorateRequest('scope', null as unknown as TenantScope)
  app.decorateRequest('publicAccess', null as unknown as PublicAccess)
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') || request.is404 || request.routeOptions.config?.public) return
    const header = request.headers.authorization
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined
    const claims = token && verifyToken(token, deps.secret)
    if (!claims) throw unauthorized(token ? 'invalid or expired token' : 'login required')
    request.auth = { tenantId: claims.t, userId: claims.u, role: claims.r }
    request.scope = tenantScope(claims.t, deps.db.knex)
  })
}

/** 404 for a tenant that has not enabled the plugin owning a route: its routes do not exist for them. */
export function pluginGate(kernel: Kernel, plugin: string) {
  return async (request: FastifyRequest) => {
    // Public routes (portal, webhooks) resolve their tenant themselves and check it there.
    const tenantId = request.auth?.tenantId
    if (tenantId && !kernel.isEnabled(tenantId, plugin))
      throw notFound(`route ${request.method} ${request.url.split('?')[0]}`)
  }
}
