import { Model } from 'objection'
import { TenantModel } from './tenant-model.js'

export type Role = 'admin' | 'supervisor' | 'agent' | 'customer'
export const ROLES: Role[] = ['admin', 'supervisor', 'agent', 'customer']

/** The tenant itself: looked up before any scope exists (login), so not a TenantModel. */
export class Tenant extends Model {
  static override tableName = 'tenants'
  id!: string
  tenant_id!: string
  slug!: string
  name!: string
  settings!: Record<string, unknown>
  created_at!: Date
  updated_at!: Date

  static override get jsonAttributes() { return ['settings'] }
  static override get virtualAttributes() { return [] }
  override $formatDatabaseJson(json: Record<string, unknown>) {
    const out = super.$formatDatabaseJson(json)
    delete out.tenant_id // generated column
    return out
  }
}

export class User extends TenantModel {
  static override tableName = 'users'
  id!: string
  username!: string
  display_name!: string
  email!: string | null
  phone!: string | null
  role!: Role
  password_hash!: string | null
  active!: boolean
  locale!: string
  created_at!: Date
  updated_at!: Date

  override $formatJson(json: Record<string, unknown>) {
    const out = super.$formatJson(json)
    delete out.password_hash
    return out
  }
}
