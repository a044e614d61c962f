import { type Kernel, notFound, type PublicAccess, type PublicTenant } from '@scrm/kernel'
import { type Database, tenantScope } from '@scrm/store'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * `request.publicAccess` for the public routes of one plugin: tenants by slug or id on this
 * platform's database (not a process-wide default connection), visible only while the tenant has
 * the plugin — the kernel's own answer, so dependencies and defaults count as for the route gate.
 */
export function publicAccess(db: Database, kernel: Kernel, plugin: string): PublicAccess {
  const resolve = async (where: { slug: string } | { id: string }): Promise<PublicTenant> => {
    const row = await db.knex('tenants').where(where).first('id', 'slug', 'name')
    if (!row || !kernel.isEnabled(row.id, plugin)) throw notFound('page')
    return { id: row.id, slug: row.slug, name: row.name, scope: tenantScope(row.id, db.knex) }
  }
  return {
    tenant: slug => resolve({ slug }),
    tenantById: async (id) => {
      if (!UUID.test(id)) throw notFound('page')
      return resolve({ id })
    },
    lookup: async (table, where) => db.knex(table).where(where).first(),
  }
}
