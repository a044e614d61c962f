import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Database } from './database.js'
import { migrateLatest } from './migrate.js'
import { platformMigrations } from './migrations/platform.js'
import { Tenant, User } from './models.js'
import { tenantScope } from './scope.js'
import { UnscopedQueryError } from './tenant-model.js'
import { describeDatabases } from './testing.js'

describeDatabases('tenant scope', (kind) => {
  let db: Database
  let a: Tenant
  let b: Tenant

  beforeAll(async () => {
    db = await kind.open()
    expect(db.dialect).toBe(kind.dialect)
    await migrateLatest(db.knex, [platformMigrations])
    a = await Tenant.query(db.knex).insert({ slug: 'a', name: 'A' })
    b = await Tenant.query(db.knex).insert({ slug: 'b', name: 'B' })
    await tenantScope(a.id, db.knex).query(User).insert({ username: 'alice', display_name: 'Alice', role: 'admin' })
    await tenantScope(b.id, db.knex).query(User).insert({ username: 'bob', display_name: 'Bob', role: 'agent' })
  })
  afterAll(() => db?.close())

  it('migrations are idempotent and tracked in the owner table', async () => {
    expect(await migrateLatest(db.knex, [platformMigrations])).toEqual([])
    const rows = await db.knex('knex_migrations__platform').select('name')
    expect(rows.map(r => r.name)).toEqual(['001_tenants_users'])
  })

  it('tenants carry tenant_id equal to their id', async () => {
    const row = await db.knex('tenants').where({ id: a.id }).first()
    expect(row.tenant_id).toBe(a.id)
  })

  it('a scope sees only its own rows, by model and by table', async () => {
    const sa = tenantScope(a.id, db.knex)
    expect((await sa.query(User)).map(u => u.username)).toEqual(['alice'])
    expect((await sa.table('users')).map(u => u.username)).toEqual(['alice'])
    const bob = await tenantScope(b.id, db.knex).query(User).first()
    expect(await sa.query(User).findById(bob!.id)).toBeUndefined()
    expect(await sa.query(User).findById(bob!.id).patch({ display_name: 'hacked' })).toBe(0)
    expect(await sa.query(User).deleteById(bob!.id)).toBe(0)
  })

  it('an unscoped query throws instead of leaking', async () => {
    await expect(User.query(db.knex)).rejects.toBeInstanceOf(UnscopedQueryError)
    await expect(User.query(db.knex).insert({ username: 'x', display_name: 'x', role: 'agent' })).rejects.toBeInstanceOf(UnscopedQueryError)
    expect((await User.query(db.knex).context({ allTenants: true })).length).toBe(2)
  })

  it('transactions pass the scope along and roll back together', async () => {
    const sa = tenantScope(a.id, db.knex)
    await expect(sa.transaction(async (s) => {
      await s.query(User).insert({ username: 'temp', display_name: 'T', role: 'agent' })
      expect(await s.query(User).where({ username: 'temp' }).resultSize()).toBe(1)
      throw new Error('boom')
    })).rejects.toThrow('boom')
    expect(await sa.query(User).where({ username: 'temp' }).resultSize()).toBe(0)
  })

  it('password hashes never leave the model as JSON', async () => {
    const u = await tenantScope(a.id, db.knex).query(User).patchAndFetchById((await tenantScope(a.id, db.knex).query(User).first())!.id, { password_hash: 'secret' })
    expect(JSON.stringify(u)).not.toContain('secret')
  })
})
