import type { MigrationGroup } from '@scrm/store'

/** Which tenant installed which plugin package at run time, so a restart loads them again. */
export const runtimePluginMigrations: MigrationGroup = {
  owner: 'runtime-plugins',
  migrations: [
    {
      name: '001_tenant_installed_plugins',
      async up(knex) {
        await knex.schema.createTable('tenant_installed_plugins', (t) => {
          t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
          t.string('plugin', 214).notNullable()
          t.string('package_name', 214).notNullable()
          t.string('version', 64).notNullable()
          // Absolute path of the module imported at boot (under SCRM_DATA_DIR/plugins or node_modules).
          t.text('entry').notNullable()
          t.timestamp('installed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
          t.primary(['tenant_id', 'plugin'])
        })
      },
      async down(knex) {
        await knex.schema.dropTableIfExists('tenant_installed_plugins')
      },
    },
  ],
}
