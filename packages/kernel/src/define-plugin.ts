import type { Knex } from 'knex'
import type { I18nText } from './i18n.js'
import type { Logger } from './logger.js'
import type { Registries } from './registries.js'

/** What `setup` may register into: one `register` per extension point, owned by the calling plugin. */
export type Registrars = {
  [K in keyof Registries]: { register: (item: Registries[K] extends { add: (p: string, item: infer T) => void } ? T : never) => void }
}

/** Values plugins share with the plugins that depend on them (e.g. a tickets service used by channels). */
export interface Services {
  provide: <T>(name: string, value: T) => void
  /** Only a service of this plugin or of a plugin it (transitively) depends on. */
  get: <T>(name: string) => T
}

/**
 * The kernel as a plugin sees it at run time (request handlers, workers): every registry filtered
 * by tenant and every service, without the dependsOn check. Not for use during `setup` itself —
 * plugins loaded later have not registered yet; it exists for late-bound lookups such as an
 * optional service another plugin may provide (`hasService('flow.dataProvider')`).
 */
export interface PluginHost {
  registries: Registries
  hasService: (name: string) => boolean
  service: <T>(name: string) => T
  /** Whether a plugin (and all it depends on) is on for a tenant now — optional collaborators check it per call. */
  isEnabled: (tenantId: string, plugin: string) => boolean
}

export interface PluginSetupContext extends Registrars {
  /** The plugin's own name. */
  name: string
  logger: Logger
  /** Operator configuration for this plugin (from `SCRM_PLUGIN_CONFIG` / server options). */
  config: Record<string, unknown>
  services: Services
  host: PluginHost
}

export interface PluginDefinition {
  name: string
  version: string
  dependsOn?: string[]
  label?: I18nText
  description?: I18nText
  /** A required plugin (core) cannot be disabled by a tenant. */
  required?: boolean
  /** Whether tenants see it before they choose. Default true; industry templates set false. */
  enabledByDefault?: boolean
  setup: (ctx: PluginSetupContext) => void | Promise<void>
  /**
   * Called inside the transaction that creates a tenant (and when a tenant first enables the
   * plugin is the plugin's own business): default statuses, calendars, sample data.
   */
  onTenantCreated?: (tenant: { tenantId: string, slug: string, db: Knex }) => void | Promise<void>
  /**
   * Background work (timer and outbox workers …) started once the server is ready, in load order;
   * the returned function stops it and is awaited, in reverse order, before the database closes.
   */
  start?: (ctx: WorkerContext) => Promise<(() => Promise<void>) | void>
}

export interface WorkerContext {
  db: Knex
  logger: Logger
  /** Services provided by plugins (same as `services.get` in setup, after every plugin is loaded). */
  service: <T>(name: string) => T
  isEnabled: (tenantId: string, plugin: string) => boolean
  host: PluginHost
}

/** Identity helper that gives plugin authors type checking and completion (Vite-style `defineX`). */
export function definePlugin<T extends PluginDefinition>(definition: T): T {
  return definition
}
