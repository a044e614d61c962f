import type { Kernel } from '@scrm/kernel'
import { type Database, Tenant } from '@scrm/store'
import { generatePassword } from './auth/password.js'
import { createTenant } from './tenants.js'

export interface SeedResult {
  created: boolean
  tenant?: Tenant
  /** The seeded admin's user id (first start only), for the demo content installed through the API. */
  adminId?: string
  /** Set only when the password was generated: shown once, never stored in clear. */
  generatedPassword?: string
}

/**
 * First start only: the `demo` tenant and its `admin`. A later start finds the tenant and changes
 * nothing, so data survives restarts.
 */
export async function seedDemoTenant(db: Database, kernel: Kernel, adminPassword?: string): Promise<SeedResult> {
  const existing = await Tenant.query(db.knex).findOne({ slug: 'demo' })
  if (existing) return { created: false, tenant: existing }
  const password = adminPassword ?? generatePassword()
  const { tenant, admin } = await createTenant(db.knex, kernel, { slug: 'demo', name: '演示租户', admin: { username: 'admin', password, displayName: '管理员' } })
  return { created: true, tenant, adminId: admin.id, generatedPassword: adminPassword ? undefined : password }
}
