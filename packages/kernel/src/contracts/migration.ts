import type { Knex } from 'knex'

/**
 * A schema change owned by one plugin. Each plugin's migrations run in registration order
 * and are tracked in that plugin's own table (`knex_migrations__<plugin>`).
 */
export interface MigrationDef {
  /** Unique within the plugin, sortable: `001_tickets`. */
  name: string
  up: (knex: Knex) => Promise<void>
  down?: (knex: Knex) => Promise<void>
}
