import { randomBytes } from 'node:crypto'
import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { conflict, HttpError, importPlugin, isPluginPackageName, type Kernel, type LoadedPlugin, notFound, type PluginDefinition, PluginError } from '@scrm/kernel'
import { type Database, migrateDownAll, migrateLatest, migrationTable } from '@scrm/store'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { checkManifest, type PluginPackage } from './package.js'
import { buildPluginRouter, RUNTIME_ROUTES_PREFIX } from './router.js'

export interface RuntimePluginsDeps {
  db: Database
  kernel: Kernel
  secret: string
  /** Installed packages go under `<dataDir>/plugins/<package>/<version>`. */
  dataDir: string
  /** Workspace root: where the host's `@scrm/sdk` and `node_modules` are. */
  rootDir: string
  logger?: FastifyBaseLogger
}

interface Active {
  name: string
  packageName: string
  version: string
  entry: string
  /** Tenants that installed it; when the last one uninstalls, the plugin is unloaded. */
  tenants: Set<string>
  router: FastifyInstance
  /** False for plugins handed over in code (test kit): nothing recorded in the database. */
  persisted: boolean
  /** Under SCRM_DATA_DIR (removed when unloaded) rather than an existing node_modules package. */
  ownsFiles: boolean
  /** The plugin's own hook, run when a tenant installs it (kept off the kernel's copy, see activate). */
  onTenantCreated?: PluginDefinition['onTenantCreated']
}

export interface InstalledPlugin {
  name: string
  packageName: string
  version: string
}

const badPlugin = (err: unknown, what: string) =>
  new HttpError(400, `${what}: ${(err as Error)?.message ?? err}`, [{ in: 'body', field: 'archive', message: (err as Error)?.message ?? String(err) }])

/**
 * Plugins a tenant admin installs while the server runs: unpacked under SCRM_DATA_DIR, loaded
 * into the running kernel (enabled by default for nobody), migrated in their own table, served
 * through one router each behind `/api/x/*`, recorded in `tenant_installed_plugins` so the next
 * start loads them again.
 */
export class RuntimePlugins {
  private readonly active = new Map<string, Active>()
  /** Installs and uninstalls run one at a time: they share folders, the kernel and the routers. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly deps: RuntimePluginsDeps) {}

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn)
    this.queue = next.catch(() => undefined)
    return next
  }

  has(name: string): boolean {
    return this.active.has(name)
  }

  /** Runtime plugins are seen only by the tenants that installed them. */
  visibleTo(tenantId: string, name: string): boolean {
    const a = this.active.get(name)
    return !a || a.tenants.has(tenantId)
  }

  list(tenantId: string): InstalledPlugin[] {
    return [...this.active.values()].filter(a => a.tenants.has(tenantId)).map(({ name, packageName, version }) => ({ name, packageName, version }))
  }

  /** The router whose plugin owns this URL (`/api/x<prefix>/…`). */
  routerFor(url: string): FastifyInstance | undefined {
    const path = url.split('?')[0]
    for (const c of this.deps.kernel.registries.routes.entries()) {
      const base = `${RUNTIME_ROUTES_PREFIX}${c.item.prefix}`
      if (path === base || path.startsWith(base.endsWith('/') ? base : `${base}/`)) return this.active.get(c.plugin)?.router
    }
    return undefined
  }

  /** Start-up: loads what tenants installed earlier. A plugin that no longer loads is logged and skipped. */
  async boot(): Promise<void> {
    const rows = await this.deps.db.knex('tenant_installed_plugins').select('*').orderBy('installed_at')
    const byPlugin = new Map<string, typeof rows>()
    for (const r of rows) byPlugin.set(r.plugin, [...(byPlugin.get(r.plugin) ?? []), r])
    for (const [name, list] of byPlugin) {
      const first = list[0]
      try {
        const def = await importDefinition(first.entry)
        await this.activate({ definition: def, source: dirname(first.entry) }, { packageName: first.package_name, version: first.version, entry: first.entry, persisted: true, ownsFiles: first.entry.startsWith(this.pluginsDir) })
        for (const r of list) this.active.get(name)!.tenants.add(r.tenant_id)
      }
      catch (err) {
        this.deps.logger?.error({ err, plugin: name }, 'installed plugin could not be loaded; skipped')
      }
    }
  }

  /** Installs an uploaded package for a tenant (or enables the already-loaded same version). */
  installPackage(tenantId: string, pkg: PluginPackage): Promise<InstalledPlugin> {
    return this.exclusive(() => this.installPackageNow(tenantId, pkg))
  }

  private async installPackageNow(tenantId: string, pkg: PluginPackage): Promise<InstalledPlugin> {
    const loaded = [...this.active.values()].find(a => a.packageName === pkg.name)
    if (loaded) return this.addTenant(loaded, tenantId, pkg.version)
    const dir = join(this.pluginsDir, pkg.name, pkg.version)
    this.linkSdk()
    const staging = `${dir}.staging-${randomBytes(4).toString('hex')}`
    try {
      for (const f of pkg.files) {
        const target = resolve(staging, f.path)
        if (!target.startsWith(`${staging}/`)) throw badPlugin(`unsafe path ${f.path}`, 'invalid plugin archive')
        mkdirSync(dirname(target), { recursive: true })
        writeFileSync(target, f.content)
      }
      rmSync(dir, { recursive: true, force: true })
      mkdirSync(dirname(dir), { recursive: true })
      renameSync(staging, dir)
    }
    finally { rmSync(staging, { recursive: true, force: true }) }
    const entry = join(dir, pkg.entry)
    try {
      const def = await importDefinition(entry).catch((err) => { throw badPlugin(err, 'plugin could not be imported') })
      const a = await this.activate({ definition: def, source: dir }, { packageName: pkg.name, version: pkg.version, entry, persisted: true, ownsFiles: true })
      return await this.addTenant(a, tenantId, pkg.version, true)
    }
    catch (err) {
      if (![...this.active.values()].some(a => a.packageName === pkg.name)) rmSync(dir, { recursive: true, force: true })
      throw err
    }
  }

  /** Installs a plugin package that is already in the workspace's node_modules (no upload). */
  installFromNodeModules(tenantId: string, packageName: string): Promise<InstalledPlugin> {
    return this.exclusive(() => this.installFromNodeModulesNow(tenantId, packageName))
  }

  private async installFromNodeModulesNow(tenantId: string, packageName: string): Promise<InstalledPlugin> {
    const nodeModules = join(this.deps.rootDir, 'node_modules')
    const dir = resolve(nodeModules, packageName)
    const named = isPluginPackageName(packageName) && !packageName.split('/').some(p => p === '.' || p === '..')
    if (!named || !dir.startsWith(`${nodeModules}/`) || !existsSync(join(dir, 'package.json')))
      throw new HttpError(404, `package "${packageName}" not found in node_modules`, [{ in: 'body', field: '/package', message: 'not installed on the server' }])
    const real = realpathSync(dir)
    if (this.deps.kernel.plugins.some(p => p.source === real || p.source === dir))
      throw conflict(`package "${packageName}" is loaded for every tenant already: enable it with PUT /api/plugins/:name`)
    const manifest = JSON.parse(readFileSync(join(real, 'package.json'), 'utf8'))
    // Packages in node_modules resolve their own dependencies: only the name, scrm entry and module are checked.
    const { name, version, entry } = checkManifest({ ...manifest, dependencies: undefined }, p => existsSync(join(real, p)))
    const loaded = [...this.active.values()].find(a => a.packageName === name)
    if (loaded) return this.addTenant(loaded, tenantId, version)
    const def = await importDefinition(join(real, entry)).catch((err) => { throw badPlugin(err, 'plugin could not be imported') })
    const a = await this.activate({ definition: def, source: real }, { packageName: name, version, entry: join(real, entry), persisted: true, ownsFiles: false })
    return this.addTenant(a, tenantId, version, true)
  }

  /** Loads a plugin given in code for one tenant without recording it (the SDK test kit). */
  attach(tenantId: string, definition: PluginDefinition): Promise<void> {
    return this.exclusive(async () => {
      const a = this.active.get(definition.name) ?? await this.activate({ definition }, { packageName: definition.name, version: definition.version, entry: '', persisted: false, ownsFiles: false })
      await this.addTenant(a, tenantId, definition.version, true)
    })
  }

  /** Disables and forgets a plugin for one tenant; unloads it when no tenant has it. `purge` undoes its migrations. */
  uninstall(tenantId: string, name: string, purge: boolean): Promise<void> {
    return this.exclusive(() => this.uninstallNow(tenantId, name, purge))
  }

  private async uninstallNow(tenantId: string, name: string, purge: boolean): Promise<void> {
    const a = this.active.get(name)
    if (!a || !a.tenants.has(tenantId)) throw notFound(`installed plugin "${name}"`)
    const last = a.tenants.size === 1
    if (purge && !last) throw conflict(`plugin "${name}" is installed by other tenants too: its tables stay (uninstall without purge)`)
    const dependents = this.deps.kernel.plugins.filter(p => p.definition.dependsOn?.includes(name)).map(p => p.definition.name)
    if (last && dependents.length) throw conflict(`plugin "${name}" is needed by ${dependents.join(', ')}`, { plugins: dependents })
    const migrations = this.deps.kernel.registries.migrations.entries().filter(c => c.plugin === name).map(c => c.item)
    await this.deps.db.knex.transaction(async (trx) => {
      await trx('tenant_installed_plugins').where({ tenant_id: tenantId, plugin: name }).delete()
      await trx('tenant_plugins').where({ tenant_id: tenantId, plugin: name }).delete()
      await trx('audit_log').insert({ tenant_id: tenantId, action: 'plugin.uninstall', target: name, details: JSON.stringify({ version: a.version, purge }) })
    })
    this.deps.kernel.setEnabled(tenantId, name, false)
    a.tenants.delete(tenantId)
    if (!last) return
    if (purge && migrations.length) {
      try { await migrateDownAll(this.deps.db.knex, { owner: name, migrations }) }
      catch (err) { this.deps.logger?.error({ err, plugin: name }, 'purge: migrations could not be undone; tables kept') }
      await this.deps.db.knex.schema.dropTableIfExists(`${migrationTable(name)}_lock`)
      await this.deps.db.knex.schema.dropTableIfExists(migrationTable(name))
    }
    await this.unload(a)
  }

  async close(): Promise<void> {
    for (const a of this.active.values()) await a.router.close()
  }

  private get pluginsDir(): string {
    return join(this.deps.dataDir, 'plugins')
  }

  /** Installed packages import `@scrm/sdk`: resolve it to the host's copy, found next to them. */
  private linkSdk(): void {
    const link = join(this.pluginsDir, 'node_modules', '@scrm', 'sdk')
    const target = join(this.deps.rootDir, 'packages', 'sdk')
    if (existsSync(link) || isLink(link)) return
    mkdirSync(dirname(link), { recursive: true })
    symlinkSync(target, link, 'dir')
  }

  /** Loads into the kernel, migrates, builds the router; leaves nothing behind on failure. */
  private async activate(loaded: LoadedPlugin, meta: Omit<Active, 'name' | 'tenants' | 'router' | 'onTenantCreated'>): Promise<Active> {
    const { kernel } = this.deps
    // Nobody has it until they install it; and tenants created later do not get its per-tenant
    // defaults (createTenant runs every loaded plugin's hook): installing runs the hook instead.
    const definition = { ...loaded.definition, enabledByDefault: false, required: false, onTenantCreated: undefined }
    if (kernel.plugin(definition.name)) throw conflict(`a plugin named "${definition.name}" is already loaded`)
    try { await kernel.load([{ definition, source: loaded.source }]) }
    catch (err) { throw err instanceof PluginError ? new HttpError(400, err.message, { plugins: err.plugins }) : err }
    try {
      const migrations = kernel.registries.migrations.entries().filter(c => c.plugin === definition.name).map(c => c.item)
      if (migrations.length) await migrateLatest(this.deps.db.knex, [{ owner: definition.name, migrations }])
      const router = await buildPluginRouter({ db: this.deps.db, kernel, secret: this.deps.secret, logger: this.deps.logger }, definition.name)
      const a: Active = { ...meta, name: definition.name, tenants: new Set(), router, onTenantCreated: loaded.definition.onTenantCreated }
      this.active.set(a.name, a)
      return a
    }
    catch (err) {
      kernel.unload(definition.name)
      throw err instanceof HttpError ? err : badPlugin(err, `plugin "${definition.name}" failed to install`)
    }
  }

  private async addTenant(a: Active, tenantId: string, version: string, fresh = false): Promise<InstalledPlugin> {
    if (a.version !== version) throw conflict(`plugin "${a.name}" ${a.version} is installed on this server: uninstall it everywhere before installing ${version}`)
    if (a.tenants.has(tenantId)) throw conflict(`plugin "${a.name}" ${a.version} is already installed for this tenant`)
    try {
      await this.deps.db.knex.transaction(async (trx) => {
        if (a.persisted) {
          await trx('tenant_installed_plugins').insert({ tenant_id: tenantId, plugin: a.name, package_name: a.packageName, version: a.version, entry: a.entry })
          await trx('audit_log').insert({ tenant_id: tenantId, action: 'plugin.install', target: a.name, details: JSON.stringify({ package: a.packageName, version: a.version }) })
        }
        await trx('tenant_plugins').insert({ tenant_id: tenantId, plugin: a.name, enabled: true, updated_at: new Date() })
          .onConflict(['tenant_id', 'plugin']).merge(['enabled', 'updated_at'])
        const tenant = await trx('tenants').where({ id: tenantId }).first('slug')
        await a.onTenantCreated?.({ tenantId, slug: tenant.slug, db: trx })
      })
    }
    catch (err) {
      if (fresh && !a.tenants.size) await this.unload(a)
      throw err instanceof HttpError ? err : badPlugin(err, `plugin "${a.name}" failed to set up the tenant`)
    }
    this.deps.kernel.setEnabled(tenantId, a.name, true)
    a.tenants.add(tenantId)
    return { name: a.name, packageName: a.packageName, version: a.version }
  }

  private async unload(a: Active): Promise<void> {
    this.active.delete(a.name)
    this.deps.kernel.unload(a.name)
    await a.router.close()
    // The code goes; the plugin's tables and rows stay unless the uninstall purged them.
    if (a.ownsFiles) rmSync(join(this.pluginsDir, a.packageName, a.version), { recursive: true, force: true })
  }
}

function isLink(path: string): boolean {
  try { return lstatSync(path).isSymbolicLink() }
  catch { return false }
}

async function importDefinition(entry: string): Promise<PluginDefinition> {
  const loaded = await importPlugin({ packageName: entry, version: '', dir: dirname(entry), entry, origin: 'npm' })
  return loaded.definition
}
