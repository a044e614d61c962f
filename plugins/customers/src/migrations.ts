import type { MigrationDef } from '@scrm/kernel'
import { tenantColumns, timestamps } from '@scrm/store'
import { IDENTITY_KINDS } from './normalize.js'
import { STAGE_KEYS } from './stages.js'

const list = (xs: readonly string[]) => xs.map(x => `'${x}'`).join(',')

/**
 * Child tables reference their customer by (tenant_id, customer_id) so a row can never point at
 * another tenant's customer, and every index leads with tenant_id (the future distribution key).
 */
export const migrations: MigrationDef[] = [
  {
    name: '001_customers',
    async up(knex) {
      await knex.schema.createTable('customers', (t) => {
        tenantColumns(t, knex)
        t.string('kind', 16).notNullable().defaultTo('person')
        t.string('name', 200).notNullable()
        t.string('tier', 32)
        t.specificType('tags', 'text[]').notNullable().defaultTo('{}')
        t.string('region', 64)
        t.uuid('owner_id')
        t.uuid('merged_into_id')
        t.timestamp('merged_at', { useTz: true })
        timestamps(t, knex)
        t.index(['tenant_id', 'tier'])
        t.index(['tenant_id', 'name'])
        t.index(['tenant_id', 'merged_into_id'])
      })
      await knex.raw(`alter table customers add constraint customers_kind_check check (kind in ('person','company'))`)
      await knex.raw('create index customers_tags_idx on customers using gin (tags)')

      await knex.schema.createTable('contacts', (t) => {
        tenantColumns(t, knex)
        t.uuid('customer_id').notNullable()
        t.string('name', 100).notNullable()
        t.string('title', 100)
        t.string('phone', 32)
        t.string('email', 320)
        t.text('notes')
        timestamps(t, knex)
        t.index(['tenant_id', 'customer_id'])
        t.foreign(['tenant_id', 'customer_id']).references(['tenant_id', 'id']).inTable('customers').onDelete('CASCADE')
      })

      await knex.schema.createTable('identities', (t) => {
        tenantColumns(t, knex)
        t.uuid('customer_id').notNullable()
        t.string('kind', 32).notNullable()
        t.string('value', 320).notNullable()
        // Which channel taught us this identity (portal, wecom, api …): useful when untangling a bad merge.
        t.string('source', 64)
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.unique(['tenant_id', 'kind', 'value'])
        t.index(['tenant_id', 'customer_id'])
        t.foreign(['tenant_id', 'customer_id']).references(['tenant_id', 'id']).inTable('customers').onDelete('CASCADE')
      })
      await knex.raw(`alter table identities add constraint identities_kind_check check (kind in (${list(IDENTITY_KINDS)}))`)

      await knex.schema.createTable('opportunities', (t) => {
        tenantColumns(t, knex)
        t.uuid('customer_id').notNullable()
        t.string('title', 200).notNullable()
        t.string('stage', 16).notNullable().defaultTo('lead')
        // Money in fen (分) as an integer: no float rounding in quotes and rebates.
        t.bigInteger('amount_fen').notNullable().defaultTo(0)
        t.uuid('owner_id')
        t.date('expected_close_date')
        t.timestamp('stage_changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.timestamp('closed_at', { useTz: true })
        timestamps(t, knex)
        t.index(['tenant_id', 'customer_id', 'stage'])
        t.index(['tenant_id', 'owner_id'])
        t.foreign(['tenant_id', 'customer_id']).references(['tenant_id', 'id']).inTable('customers').onDelete('CASCADE')
      })
      await knex.raw(`alter table opportunities add constraint opportunities_stage_check check (stage in (${list(STAGE_KEYS)}))`)
      await knex.raw('alter table opportunities add constraint opportunities_amount_check check (amount_fen >= 0)')

      await knex.schema.createTable('assets', (t) => {
        tenantColumns(t, knex)
        t.string('serial', 100).notNullable()
        t.string('model', 100)
        t.string('name', 200)
        t.date('install_date')
        t.uuid('customer_id')
        t.string('location', 500)
        // Bumped to invalidate a printed QR sticker (lost or moved device) without touching others.
        t.integer('qr_version').notNullable().defaultTo(1)
        timestamps(t, knex)
        t.unique(['tenant_id', 'serial'])
        t.index(['tenant_id', 'customer_id'])
      })
      // SET NULL on the owner column only: nulling the whole composite key would null tenant_id.
      await knex.raw(`alter table assets add constraint assets_customer_fk foreign key (tenant_id, customer_id)
        references customers (tenant_id, id) on delete set null (customer_id)`)
      await knex.raw(`alter table customers add constraint customers_merged_into_fk foreign key (tenant_id, merged_into_id)
        references customers (tenant_id, id) on delete set null (merged_into_id)`)

      // One secret per tenant signs QR/portal tokens: leaking one tenant's key exposes no other.
      await knex.schema.createTable('customer_secrets', (t) => {
        t.uuid('tenant_id').primary().references('tenants.id').onDelete('CASCADE')
        t.text('asset_token_key').notNullable()
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      })
    },
    async down(knex) {
      for (const t of ['customer_secrets', 'assets', 'opportunities', 'identities', 'contacts', 'customers'])
        await knex.schema.dropTableIfExists(t)
    },
  },
]
