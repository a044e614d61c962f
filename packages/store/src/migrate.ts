import type { Knex } from 'knex'

export interface Migration {
  name: string
  up: (knex: Knex) => Promise<void>
  down?: (knex: Knex) => Promise<void>
}

/** The migrations one owner (the platform, a package or a plugin) keeps in its own table. */
export interface MigrationGroup {
  owner: string
  migrations: Migration[]
}

export function migrationTable(owner: string): string {
  return `knex_migrations__${owner.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`
}

function source(group: MigrationGroup): Knex.MigrationSource<Migration> {
  return {
    getMigrations: async () => group.migrations,
    getMigrationName: m => m.name,
    getMigration: async m => ({ up: m.up, down: m.down ?? (async () => { throw new Error(`migration ${group.owner}/${m.name} cannot be undone`) }) }),
  }
}

/** Runs every group's pending migrations, groups in the given order. Returns what ran. */
export async function migrateLatest(knex: Knex, groups: MigrationGroup[]): Promise<string[]> {
  const ran: string[] = []
  for (const group of groups) {
    const [, names] = await knex.migrate.latest({ migrationSource: source(group), tableName: migrationTable(group.owner) })
    ran.push(...(names as string[]).map(n => `${group.owner}/${n}`))
  }
  return ran
}

/** Undoes all of one owner's migrations (used when a plugin is uninstalled with its data). */
export async function migrateDownAll(knex: Knex, group: MigrationGroup): Promise<void> {
  await knex.migrate.rollback({ migrationSource: source(group), tableName: migrationTable(group.owner) }, true)
}
