import { join } from 'node:path'
import { discoverPlugins, type FoundPlugin, importPlugin, Kernel, type Logger, type PluginDefinition } from '@scrm/kernel'
import { type Database, migrateLatest, type MigrationGroup, platformMigrations } from '@scrm/store'
import type { ServerConfig } from './config.js'
import { runtimePluginMigrations } from './runtime-plugins/migrations.js'

/** Workspace `plugins/*`, the root's `node_modules` and the data dir's runtime-installed packages. */
export function findPlugins(config: Pick<ServerConfig, 'rootDir' | 'dataDir' | 'pluginConditions'>): FoundPlugin[] {
  return discoverPlugins({
    pluginDirs: [join(config.rootDir, 'plugins')],
    nodeModulesDirs: [join(config.rootDir, 'node_modules'), join(config.dataDir, 'plugins', 'node_modules')],
    conditions: config.pluginConditions,
  })
}

/** `skip`: names of discovered plugins to leave out (a test kit loads its own copy of them). */
export async function loadKernel(config: Pick<ServerConfig, 'rootDir' | 'dataDir' | 'pluginConditions' | 'pluginConfig'>, logger?: Logger, extra: PluginDefinition[] = [], skip: string[] = []): Promise<Kernel> {
  const kernel = new Kernel({ logger, config: config.pluginConfig })
  const found = await Promise.all(findPlugins(config).map(importPlugin))
  await kernel.load([...found.filter(f => !skip.includes(f.definition.name)), ...extra])
  return kernel
}

/** Platform tables first, then each plugin's own migrations in load order. */
export function migrationGroups(kernel: Kernel): MigrationGroup[] {
  const groups: MigrationGroup[] = [platformMigrations, runtimePluginMigrations]
  for (const p of kernel.plugins) {
    const migrations = kernel.registries.migrations.entries().filter(c => c.plugin === p.definition.name).map(c => c.item)
    if (migrations.length) groups.push({ owner: p.definition.name, migrations })
  }
  return groups
}

export async function migrate(db: Database, kernel: Kernel): Promise<string[]> {
  return migrateLatest(db.knex, migrationGroups(kernel))
}

/** Reads every tenant's plugin choices into the kernel. */
export async function loadEnablement(db: Database, kernel: Kernel): Promise<void> {
  const rows = await db.knex('tenant_plugins').select('tenant_id', 'plugin', 'enabled')
  kernel.loadEnablement(rows.map(r => ({ tenantId: r.tenant_id, plugin: r.plugin, enabled: r.enabled })))
}
