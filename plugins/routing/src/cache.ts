import type { OrgService, OrgSnapshot } from '@scrm/plugin-org'
import type { TenantScope } from '@scrm/store'
import { compileTagger, type Tagger } from './keywords.js'
import { type CompiledRule, compileRules } from './rules.js'
import { experienceStats, getSettings, type RoutingSettings, toDictionary, toRule } from './store.js'
import type { ExperienceStat } from './strategies/types.js'

/** What routing reads per tenant before deciding, kept in memory between decisions. */
export interface TenantRouting {
  org: OrgSnapshot
  rules: CompiledRule[]
  tagger: Tagger
  hasDictionaries: boolean
  settings: RoutingSettings
  loadedAt: number
}

export interface CacheOptions {
  /** How long a tenant's org, rules and dictionaries are reused (default 5 s; 0 = always reload). */
  ttlMs?: number
  /** How long experience statistics are reused (default 60 s: they move slowly). */
  experienceTtlMs?: number
}

/**
 * Per-tenant cache of the slow-moving inputs. Writes through this process's org and routing
 * routes invalidate at once; the TTL bounds what another server process can be behind by.
 * Open-ticket loads and round-robin cursors are never cached: they are read per decision.
 */
export class RoutingCache {
  private readonly tenants = new Map<string, Promise<TenantRouting>>()
  private readonly experience = new Map<string, { at: number, stats: Promise<Map<string, ExperienceStat>> }>()
  private readonly ttl: number
  private readonly expTtl: number

  constructor(private readonly org: OrgService, options: CacheOptions = {}) {
    this.ttl = options.ttlMs ?? 5000
    this.expTtl = options.experienceTtlMs ?? 60_000
  }

  invalidate(tenantId: string): void {
    this.tenants.delete(tenantId)
  }

  /**
   * The tenant's routing inputs, loaded through the caller's scope when missing or stale (inside
   * a transaction that is the transaction: on PGlite any other connection would wait for it).
   * Reused inside transactions too: what they change here (org, rules) goes through the routes,
   * which invalidate; a rolled-back change is at worst visible until the TTL runs out.
   */
  async get(scope: TenantScope): Promise<TenantRouting> {
    const now = Date.now()
    const hit = this.tenants.get(scope.tenantId)
    if (hit) {
      const t = await hit.catch(() => undefined)
      if (t && now - t.loadedAt < this.ttl) return t
    }
    const fresh = this.load(scope, now)
    this.tenants.set(scope.tenantId, fresh)
    fresh.catch(() => { if (this.tenants.get(scope.tenantId) === fresh) this.tenants.delete(scope.tenantId) })
    return fresh
  }

  private async load(scope: TenantScope, now: number): Promise<TenantRouting> {
    const org = await this.org.snapshot(scope)
    const rules = (await scope.table('routing_rules').select('*')).map(toRule)
    const dictionaries = (await scope.table('routing_dictionaries').where({ enabled: true }).select('*')).map(toDictionary)
    return { org, rules: compileRules(rules), tagger: compileTagger(dictionaries), hasDictionaries: dictionaries.length > 0, settings: await getSettings(scope), loadedAt: now }
  }

  async experienceFor(scope: TenantScope, typeKey: string | null): Promise<Map<string, ExperienceStat>> {
    const key = `${scope.tenantId}:${typeKey}`
    const hit = this.experience.get(key)
    if (hit && Date.now() - hit.at < this.expTtl) return hit.stats
    const stats = experienceStats(scope, typeKey)
    if (this.experience.size > 10_000) this.experience.clear()
    this.experience.set(key, { at: Date.now(), stats })
    stats.catch(() => this.experience.delete(key))
    return stats
  }
}
