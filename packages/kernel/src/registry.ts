import { DuplicateContributionError } from './errors.js'

export interface Contribution<T> {
  plugin: string
  item: T
}

/** Decides whether a plugin's contributions are visible to a tenant. */
export type Visibility = (tenantId: string, plugin: string) => boolean

/**
 * One extension point. Items are keyed; two plugins registering the same key is a start-up
 * error. Lookups by tenant see only the contributions of plugins that tenant has enabled.
 */
export class Registry<T> {
  private readonly byKey = new Map<string, Contribution<T>>()

  constructor(
    readonly point: string,
    private readonly keyOf: (item: T, plugin: string) => string,
    private readonly visible: Visibility,
  ) {}

  add(plugin: string, item: T): void {
    const key = this.keyOf(item, plugin)
    const existing = this.byKey.get(key)
    if (existing)
      throw new DuplicateContributionError(this.point, key, existing.plugin, plugin)
    this.byKey.set(key, { plugin, item })
  }

  removePlugin(plugin: string): void {
    for (const [key, c] of this.byKey) {
      if (c.plugin === plugin)
        this.byKey.delete(key)
    }
  }

  /** Every contribution regardless of tenant: for start-up work such as migrations and route mounting. */
  entries(): Contribution<T>[] {
    return [...this.byKey.values()]
  }

  list(tenantId: string): T[] {
    return this.entries().filter(c => this.visible(tenantId, c.plugin)).map(c => c.item)
  }

  get(tenantId: string, key: string): T | undefined {
    const c = this.byKey.get(key)
    return c && this.visible(tenantId, c.plugin) ? c.item : undefined
  }

  ownerOf(key: string): string | undefined {
    return this.byKey.get(key)?.plugin
  }
}
