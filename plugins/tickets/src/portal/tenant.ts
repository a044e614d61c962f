import { notFound } from '@scrm/kernel'
import { Model, tenantScope, type TenantScope } from '@scrm/store'

export interface PublicTenant {
  id: string
  slug: string
  name: string
  scope: TenantScope
}

/**
 * Public routes have no login, hence no `request.scope`: the tenant comes from the URL. The kernel
 * hands route plugins no database handle, so this uses the default binding the store sets when it
 * opens the database (objection's `Model.knex()`). A tenant that switched tickets (or customers,
 * which it needs) off gets the same 404 as an unknown slug.
 */
export async function publicTenant(slug: string): Promise<PublicTenant> {
  const knex = Model.knex()
  const tenant = await knex('tenants').where({ slug }).first('id', 'slug', 'name')
  if (!tenant) throw notFound('portal')
  const off = await knex('tenant_plugins').where({ tenant_id: tenant.id, enabled: false }).whereIn('plugin', ['tickets', 'customers']).first('plugin')
  if (off) throw notFound('portal')
  return { ...tenant, scope: tenantScope(tenant.id, knex) }
}

/** For the tracking page, where the token (not the URL) names the tenant. */
export function globalKnex() {
  return Model.knex()
}
