import type { MigrationDef } from '@scrm/kernel'
import { tenantColumns, timestamps } from '@scrm/store'

/** One row per template installed in a tenant, with the ids it created (uninstall removes those). */
export const migrations: MigrationDef[] = [
  {
    name: '001_industry_installs',
    async up(knex) {
      await knex.schema.createTable('industry_installs', (t) => {
        tenantColumns(t, knex)
        t.string('template_id', 100).notNullable()
        t.string('plugin', 214).notNullable()
        t.uuid('installed_by')
        t.boolean('demo').notNullable().defaultTo(false)
        t.jsonb('manifest').notNullable()
        timestamps(t, knex)
        // Installing twice is refused: the second insert meets this constraint.
        t.unique(['tenant_id', 'template_id'])
      })
    },
  },
]
