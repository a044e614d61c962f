import type { MigrationDef } from '@scrm/kernel'
import { tenantColumns } from '@scrm/store'

export const migrations: MigrationDef[] = [
  {
    name: '001_import_jobs',
    async up(knex) {
      await knex.schema.createTable('import_jobs', (t) => {
        tenantColumns(t, knex)
        t.uuid('type_id').notNullable()
        t.string('type_key', 64).notNullable()
        t.uuid('template_version_id')
        t.string('filename', 255).notNullable()
        t.string('format', 8).notNullable()
        // Relative to the plugin's data folder: a moved data dir keeps working.
        t.string('storage_key', 300).notNullable()
        t.integer('size').notNullable()
        t.jsonb('columns').notNullable().defaultTo('[]')
        t.jsonb('mapping')
        // uploaded | queued | running | done | cancelled | failed
        t.string('status', 16).notNullable().defaultTo('uploaded')
        t.integer('total').notNullable().defaultTo(0)
        t.integer('done').notNullable().defaultTo(0)
        t.integer('created').notNullable().defaultTo(0)
        t.integer('duplicates').notNullable().defaultTo(0)
        t.integer('failed').notNullable().defaultTo(0)
        // The first rows that failed (row, column, field, reason); `failed` counts them all.
        t.jsonb('errors').notNullable().defaultTo('[]')
        t.string('error', 1000)
        t.uuid('created_by')
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.timestamp('started_at', { useTz: true })
        t.timestamp('finished_at', { useTz: true })
        t.index(['tenant_id', 'created_at'])
        t.index(['status'])
      })
      // One ticket per row key and ticket type: importing the same file again creates nothing.
      await knex.schema.createTable('import_rows', (t) => {
        tenantColumns(t, knex)
        t.uuid('type_id').notNullable()
        t.string('row_key', 200).notNullable()
        t.uuid('job_id').notNullable()
        t.integer('row_number').notNullable()
        t.uuid('ticket_id').notNullable()
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.unique(['tenant_id', 'type_id', 'row_key'])
        t.index(['tenant_id', 'ticket_id'])
      })
    },
    async down(knex) {
      await knex.schema.dropTableIfExists('import_rows')
      await knex.schema.dropTableIfExists('import_jobs')
    },
  },
]
