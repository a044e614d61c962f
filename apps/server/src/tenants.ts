import type { Kernel } from '@scrm/kernel'
import { type Knex, Tenant, tenantScope, User } from '@scrm/store'
import { hashPassword } from './auth/password.js'

export interface NewTenant {
  slug: string
  name: string
  admin: { username: string, password: string, displayName?: string }
}

/** Creates a tenant, its first admin and every plugin's per-tenant defaults in one transaction. */
export async function createTenant(knex: Knex, kernel: Kernel, input: NewTenant): Promise<{ tenant: Tenant, admin: User }> {
  const passwordHash = await hashPassword(input.admin.password)
  return knex.transaction(async (trx) => {
    const tenant = await Tenant.query(trx).insert({ slug: input.slug, name: input.name })
    const admin = await tenantScope(tenant.id, trx).query(User).insert({
      username: input.admin.username,
      display_name: input.admin.displayName ?? input.admin.username,
      role: 'admin',
      password_hash: passwordHash,
    })
    for (const p of kernel.plugins)
      await p.definition.onTenantCreated?.({ tenantId: tenant.id, slug: tenant.slug, db: trx })
    return { tenant, admin }
  })
}
