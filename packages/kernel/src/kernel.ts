import type { PluginDefinition, PluginHost, PluginSetupContext, Registrars, Services, WorkerContext } from './define-plugin.js'
import { Enablement, type EnablementRow } from './enablement.js'
import { PluginError } from './errors.js'
import { loadOrder } from './load-order.js'
import { type Logger, silentLogger } from './logger.js'
import { createRegistries, EXTENSION_POINTS, type Registries } from './registries.js'

export interface KernelOptions {
  logger?: Logger
  /** Per-plugin operator configuration, keyed by plugin name. */
  config?: Record<string, Record<string, unknown>>
}

export interface LoadedPlugin {
  definition: PluginDefinition
  /** Where it was discovered (package directory), if it came from disk. */
  source?: string
}

/**
 * Loads plugins in dependency order, owns the extension-point registries and answers which
 * contributions a tenant may see.
 */
export class Kernel {
  readonly registries: Registries
  readonly enablement = new Enablement()
  private readonly loaded = new Map<string, LoadedPlugin>()
  private readonly services = new Map<string, { plugin: string, value: unknown }>()
  private readonly logger: Logger

  constructor(private readonly options: KernelOptions = {}) {
    this.logger = options.logger ?? silentLogger
    this.registries = createRegistries((tenantId, plugin) => this.isEnabled(tenantId, plugin))
  }

  get plugins(): LoadedPlugin[] {
    return [...this.loaded.values()]
  }

  plugin(name: string): LoadedPlugin | undefined {
    return this.loaded.get(name)
  }

  /** Loads plugins (at start-up, or later when a tenant admin installs one). */
  async load(plugins: Array<PluginDefinition | LoadedPlugin>): Promise<void> {
    const entries = plugins.map(p => ('definition' in p ? p : { definition: p }))
    for (const e of entries) assertDefinition(e.definition, e.source)
    for (const e of entries) {
      if (this.loaded.has(e.definition.name))
        throw new PluginError(`plugin "${e.definition.name}" is already loaded`, [e.definition.name])
    }
    const ordered = loadOrder(entries.map(e => ({ ...e, name: e.definition.name, dependsOn: e.definition.dependsOn })), this.loaded.keys())
    for (const entry of ordered) {
      const def = entry.definition
      try {
        await def.setup(this.setupContext(def))
      }
      catch (err) {
        this.unregister(def.name)
        throw new PluginError(`plugin "${def.name}" failed in setup: ${(err as Error)?.message ?? String(err)}`, [def.name], { cause: err })
      }
      this.loaded.set(def.name, { definition: def, source: entry.source })
      this.logger.info({ plugin: def.name, version: def.version }, 'plugin loaded')
    }
  }

  /** Removes a plugin's contributions (runtime uninstall). Refuses while another plugin depends on it. */
  unload(name: string): void {
    const def = this.loaded.get(name)?.definition
    if (!def) throw new PluginError(`plugin "${name}" is not loaded`, [name])
    if (def.required) throw new PluginError(`plugin "${name}" is required and cannot be removed`, [name])
    const dependents = this.plugins.filter(p => p.definition.dependsOn?.includes(name)).map(p => p.definition.name)
    if (dependents.length)
      throw new PluginError(`plugin "${name}" is needed by ${dependents.map(d => `"${d}"`).join(', ')}`, [name, ...dependents])
    this.unregister(name)
    this.loaded.delete(name)
  }

  /** A plugin is visible to a tenant when it (and everything it depends on) is enabled for that tenant. */
  isEnabled(tenantId: string, plugin: string, seen = new Set<string>()): boolean {
    const def = this.loaded.get(plugin)?.definition
    if (!def) return false
    if (seen.has(plugin)) return true
    seen.add(plugin)
    if (!def.required) {
      const choice = this.enablement.choice(tenantId, plugin)
      if (!(choice ?? def.enabledByDefault ?? true)) return false
    }
    return (def.dependsOn ?? []).every(d => this.isEnabled(tenantId, d, seen))
  }

  /** Records a tenant's choice in memory; the caller persists it. */
  setEnabled(tenantId: string, plugin: string, enabled: boolean): void {
    const def = this.loaded.get(plugin)?.definition
    if (!def) throw new PluginError(`plugin "${plugin}" is not loaded`, [plugin])
    if (def.required && !enabled) throw new PluginError(`plugin "${plugin}" is required and cannot be disabled`, [plugin])
    this.enablement.set(tenantId, plugin, enabled)
  }

  loadEnablement(rows: EnablementRow[]): void {
    this.enablement.replaceAll(rows)
  }

  /** Starts every plugin's background work; returns a function that stops it all in reverse order. */
  async startWorkers(db: WorkerContext['db']): Promise<() => Promise<void>> {
    const stops: Array<() => Promise<void>> = []
    for (const p of this.plugins) {
      const def = p.definition
      if (!def.start) continue
      try {
        const stop = await def.start({
          db,
          logger: this.logger.child({ plugin: def.name, worker: true }),
          service: name => this.service(name),
          isEnabled: (tenantId, plugin) => this.isEnabled(tenantId, plugin),
          host: this.host,
        })
        if (stop) stops.push(stop)
      }
      catch (err) {
        for (const s of stops.reverse()) await s().catch(() => {})
        throw new PluginError(`plugin "${def.name}" failed to start: ${(err as Error)?.message ?? err}`, [def.name], { cause: err })
      }
    }
    return async () => {
      for (const s of stops.reverse()) await s()
    }
  }

  /** A service provided by any plugin, for the host (server, runtime) rather than for plugins. */
  service<T>(name: string): T {
    const s = this.services.get(name)
    if (!s) throw new Error(`no plugin provides service "${name}"`)
    return s.value as T
  }

  hasService(name: string): boolean {
    return this.services.has(name)
  }

  /** What plugins get as `host`: late-bound lookups for request handlers and workers. */
  get host(): PluginHost {
    return {
      registries: this.registries,
      hasService: name => this.hasService(name),
      service: name => this.service(name),
      isEnabled: (tenantId, plugin) => this.isEnabled(tenantId, plugin),
    }
  }

  private unregister(plugin: string): void {
    for (const point of EXTENSION_POINTS) this.registries[point].removePlugin(plugin)
    for (const [name, s] of this.services) {
      if (s.plugin === plugin) this.services.delete(name)
    }
  }

  private setupContext(def: PluginDefinition): PluginSetupContext {
    const registrars = Object.fromEntries(EXTENSION_POINTS.map(point => [point, {
      register: (item: never) => (this.registries[point] as { add: (p: string, i: unknown) => void }).add(def.name, item),
    }])) as unknown as Registrars
    return {
      ...registrars,
      name: def.name,
      logger: this.logger.child({ plugin: def.name }),
      config: this.options.config?.[def.name] ?? {},
      services: this.servicesFor(def),
      host: this.host,
    }
  }

  private servicesFor(def: PluginDefinition): Services {
    const reachable = (owner: string, from: string, seen = new Set<string>()): boolean => {
      if (owner === from) return true
      if (seen.has(from)) return false
      seen.add(from)
      const deps = from === def.name ? def.dependsOn ?? [] : this.loaded.get(from)?.definition.dependsOn ?? []
      return deps.some(d => reachable(owner, d, seen))
    }
    return {
      provide: (name, value) => {
        const existing = this.services.get(name)
        if (existing) throw new PluginError(`service "${name}" is provided by both "${existing.plugin}" and "${def.name}"`, [existing.plugin, def.name])
        this.services.set(name, { plugin: def.name, value })
      },
      get: <T>(name: string): T => {
        const s = this.services.get(name)
        if (!s) throw new PluginError(`plugin "${def.name}" asked for service "${name}", which no loaded plugin provides`, [def.name])
        if (!reachable(s.plugin, def.name))
          throw new PluginError(`plugin "${def.name}" uses service "${name}" of plugin "${s.plugin}" but does not declare it in dependsOn`, [def.name, s.plugin])
        return s.value as T
      },
    }
  }
}

function assertDefinition(def: PluginDefinition, source?: string): void {
  const where = source ? ` (from ${source})` : ''
  if (!def || typeof def !== 'object') throw new PluginError(`a plugin${where} does not export a plugin definition`, [source ?? '?'])
  if (typeof def.name !== 'string' || !/^[a-z0-9][\w.@/-]*$/i.test(def.name)) throw new PluginError(`a plugin${where} has no valid name`, [source ?? '?'])
  if (typeof def.version !== 'string') throw new PluginError(`plugin "${def.name}"${where} has no version`, [def.name])
  if (typeof def.setup !== 'function') throw new PluginError(`plugin "${def.name}"${where} has no setup function`, [def.name])
}
