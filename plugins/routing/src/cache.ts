import type { OrgService, OrgSnapshot } from '@scrm/plugin-org'
import type { TenantScope } from '@scrm/store'
import { compileTagger, type Tagger } from './keywords.js'
import { type CompiledRule, compileRules } from './rules.js'
import { experienceStats, getSettings, type RoutingSettings, toDictionary, toRule } from './store.js'
import type { ExperienceStat } from './strategies/types.js'

/** The tenant's own routing configuration: rules, dictionaries, settings (three small queries). */
export interface RoutingConfigSnapshot {
  rules: CompiledRule[]
  tagger: Tagger
  hasDictionaries: boolean
  settings: RoutingSettings
}

/** What routing reads per tenant before deciding, kept in memory between decisions. */
export interface TenantRouting extends RoutingConfigSnapshot {
  org: OrgSnapshot
}

export interface CacheOptions {
  /** How long a tenant's org, rules and dictionaries are reused (default 5 s; 0 = always reload). */
  ttlMs?: number
  /** How long experience statistics are reused (default 60 s: they move slowly). */
  experienceTtlMs?: number
}

/** One cached value per tenant with a time to live; a failed load is forgotten. */
class TtlMap<T> {
  private readonly items = new Map<string, { at: number, value: Promise<T> }>()
  constructor(private readonly ttl: number) {}

  async get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.items.get(key)
    if (hit && Date.now() - hit.at < this.ttl) {
      const v = await hit.value.then(x => ({ x }), () => undefined)
      if (v) return v.x
    }
    const value = load()
    if (this.items.size > 10_000) this.items.clear()
    const entry = { at: Date.now(), value }
    this.items.set(key, entry)
    value.catch(() => { if (this.items.get(key) === entry) this.items.delete(key) })
    return value
  }

  delete(key: string): void {
    this.items.delete(key)
  }
}

/**
 * Per-tenant cache of the slow-moving inputs. Writes through this process's org and routing
 * routes invalidate at once; the TTL bounds what another server process can be behind by.
 * Open-ticket loads and round-robin cursors are never cached: they are read per decision.
 *
 * Loads go through the caller's scope — inside a transaction that is the transaction (on PGlite
 * any other connection would wait for it) — and are reused inside transactions too: what those
 * change here goes through the routes, which invalidate; a rolled-back change is at worst visible
 * until the TTL runs out.
 */
export class RoutingCache {
  private readonly configs: TtlMap<RoutingConfigSnapshot>
  private readonly orgs: TtlMap<OrgSnapshot>
  private readonly experience: TtlMap<Map<string, ExperienceStat>>

  constructor(private readonly org: OrgService, options: CacheOptions = {}) {
    this.configs = new TtlMap(options.ttlMs ?? 5000)
    this.orgs = new TtlMap(options.ttlMs ?? 5000)
    this.experience = new TtlMap(options.experienceTtlMs ?? 60_000)
  }

  invalidate(tenantId: string): void {
    this.configs.delete(tenantId)
    this.orgs.delete(tenantId)
  }

  /** Rules, dictionaries and settings only: what intake needs to know whether to act at all. */
  config(scope: TenantScope): Promise<RoutingConfigSnapshot> {
    return this.configs.get(scope.tenantId, async () => {
      const rules = (await scope.table('routing_rules').select('*')).map(toRule)
      const dictionaries = (await scope.table('routing_dictionaries').where({ enabled: true }).select('*')).map(toDictionary)
      return { rules: compileRules(rules), tagger: compileTagger(dictionaries), hasDictionaries: dictionaries.length > 0, settings: await getSettings(scope) }
    })
  }

  async get(scope: TenantScope): Promise<TenantRouting> {
    const config = await this.config(scope)
    return { ...config, org: await this.orgs.get(scope.tenantId, () => this.org.snapshot(scope)) }
  }

  experienceFor(scope: TenantScope, typeKey: string | null): Promise<Map<string, ExperienceStat>> {
    return this.experience.get(`${scope.tenantId}:${typeKey}`, () => experienceStats(scope, typeKey))
  }
}
