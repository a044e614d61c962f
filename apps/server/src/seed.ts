import { type Database, Tenant, tenantScope, User } from '@scrm/store'
import { generatePassword, hashPassword } from './auth/password.js'

export interface SeedResult {
  created: boolean
  tenant: Tenant
  /** Set only when the password was generated: shown once, never stored in clear. */
  generatedPassword?: string
}

/**
 * First start only: the `demo` tenant and its `admin`. A later start finds the tenant and changes
 * nothing, so data survives restarts.
 */
export async function seedDemoTenant(db: Database, adminPassword?: string): Promise<SeedResult> {
  const existing = await Tenant.query(db.knex).findOne({ slug: 'demo' })
  if (existing) return { created: false, tenant: existing }
  const password = adminPassword ?? generatePassword()
  const passwordHash = await hashPassword(password)
  const tenant = await db.knex.transaction(async (trx) => {
    const t = await Tenant.query(trx).insert({ slug: 'demo', name: '演示租户' })
    await tenantScope(t.id, trx).query(User).insert({ username: 'admin', display_name: '管理员', role: 'admin', password_hash: passwordHash })
    return t
  })
  return { created: true, tenant, generatedPassword: adminPassword ? undefined : password }
}
