import type { Role, TenantScope } from '@scrm/store'
import type { FastifyRequest } from 'fastify'
import { forbidden } from './errors.js'

export interface AuthInfo {
  tenantId: string
  userId: string
  role: Role
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on every authenticated request. */
    auth: AuthInfo
    /** Data access confined to the caller's tenant: the only way routes reach tenant data. */
    scope: TenantScope
  }
  interface FastifyContextConfig {
    /** The route needs no login (health, login, portal, webhooks). */
    public?: boolean
  }
}

/** A preHandler that lets only the given roles through. */
export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest) => {
    if (!roles.includes(request.auth?.role)) throw forbidden(`requires role ${roles.join(' or ')}`)
  }
}
