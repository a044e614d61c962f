import type { TenantScope } from '@scrm/store'

/** A tenant reached by a public route, with the same scoped data access as `request.scope`. */
export interface PublicTenant {
  id: string
  slug: string
  name: string
  scope: TenantScope
}

/**
 * How a public route (`public: true`: portal, webhooks, callbacks) reaches a tenant without a
 * login. The server sets `request.publicAccess` on every route of a public registration, bound to
 * the platform's database and to the owning plugin: a tenant that switched that plugin (or one it
 * depends on) off gets the same 404 as an unknown one, exactly like the gate of logged-in routes.
 */
export interface PublicAccess {
  /** The tenant a URL slug names. */
  tenant: (slug: string) => Promise<PublicTenant>
  /** The tenant of a row found by `lookup` (a tracking token's). */
  tenantById: (id: string) => Promise<PublicTenant>
  /**
   * The one query that finds the tenant when the URL carries no slug (a token hash): the first row
   * of `table` matching `where`, with its `tenant_id`, across tenants. Everything after it goes
   * through the tenant's scope from `tenantById`.
   */
  lookup: (table: string, where: Record<string, string | number | boolean>) => Promise<(Record<string, any> & { tenant_id: string }) | undefined>
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on routes registered with `public: true` (see PublicAccess); absent elsewhere. */
    publicAccess: PublicAccess
  }
}
