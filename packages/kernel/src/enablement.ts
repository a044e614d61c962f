/**
 * Which plugins each tenant has switched on or off. Only explicit choices are stored; anything
 * else falls back to the plugin's default. Persistence is the server's job: it loads rows into
 * this cache and writes changes through.
 */
export interface EnablementRow {
  tenantId: string
  plugin: string
  enabled: boolean
}

export class Enablement {
  private readonly choices = new Map<string, Map<string, boolean>>()

  replaceAll(rows: EnablementRow[]): void {
    this.choices.clear()
    for (const r of rows) this.set(r.tenantId, r.plugin, r.enabled)
  }

  set(tenantId: string, plugin: string, enabled: boolean): void {
    let t = this.choices.get(tenantId)
    if (!t) this.choices.set(tenantId, t = new Map())
    t.set(plugin, enabled)
  }

  choice(tenantId: string, plugin: string): boolean | undefined {
    return this.choices.get(tenantId)?.get(plugin)
  }
}
