import type { Knex } from 'knex'
import type { MigrationGroup } from '../migrate.js'

/** Tenant id of rows that belong to the installation rather than to a tenant. */
export const SYSTEM_TENANT = '00000000-0000-0000-0000-000000000000'

/** Shared column helpers so every table is keyed the same way: (tenant_id, id). */
export function tenantColumns(t: Knex.CreateTableBuilder, knex: Knex): void {
  t.uuid('tenant_id').notNullable()
  t.uuid('id').notNullable().defaultTo(knex.raw('gen_random_uuid()'))
  t.primary(['tenant_id', 'id'])
  t.unique(['id'])
}

export function timestamps(t: Knex.CreateTableBuilder, knex: Knex): void {
  t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
}

export const platformMigrations: MigrationGroup = {
  owner: 'platform',
  migrations: [
    {
      name: '001_tenants_users',
      async up(knex) {
        await knex.schema.createTable('tenants', (t) => {
          t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
          t.string('slug', 64).notNullable().unique()
          t.string('name', 200).notNullable()
          t.jsonb('settings').notNullable().defaultTo('{}')
          timestamps(t, knex)
        })
        // The root table carries tenant_id too (equal to id) so every table has one.
        await knex.raw('alter table tenants add column tenant_id uuid generated always as (id) stored')

        await knex.schema.createTable('users', (t) => {
          tenantColumns(t, knex)
          t.string('username', 100).notNullable()
          t.string('display_name', 200).notNullable()
          t.string('email', 320)
          t.string('phone', 32)
          t.string('role', 32).notNullable()
          t.text('password_hash')
          t.boolean('active').notNullable().defaultTo(true)
          t.string('locale', 8).notNullable().defaultTo('zh-CN')
          timestamps(t, knex)
          t.unique(['tenant_id', 'username'])
          t.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
        })
        await knex.raw(`alter table users add constraint users_role_check check (role in ('admin','supervisor','agent','customer'))`)

        await knex.schema.createTable('tenant_plugins', (t) => {
          t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
          t.string('plugin', 214).notNullable()
          t.boolean('enabled').notNullable()
          t.jsonb('config').notNullable().defaultTo('{}')
          t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
          t.primary(['tenant_id', 'plugin'])
        })

        await knex.schema.createTable('system_settings', (t) => {
          t.uuid('tenant_id').notNullable().defaultTo(SYSTEM_TENANT)
          t.string('key', 100).notNullable()
          t.jsonb('value').notNullable()
          t.primary(['tenant_id', 'key'])
        })

        await knex.schema.createTable('audit_log', (t) => {
          t.uuid('tenant_id').notNullable()
          t.bigIncrements('id', { primaryKey: false })
          t.uuid('actor_id')
          t.string('action', 100).notNullable()
          t.string('target', 200)
          t.jsonb('details').notNullable().defaultTo('{}')
          t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
          t.primary(['tenant_id', 'id'])
          t.index(['tenant_id', 'at'])
        })
      },
      async down(knex) {
        for (const t of ['audit_log', 'system_settings', 'tenant_plugins', 'users', 'tenants'])
          await knex.schema.dropTableIfExists(t)
      },
    },
  ],
}
