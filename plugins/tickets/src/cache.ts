/**
 * Per-tenant settings read on every ticket creation (ticket types with their current template
 * version, statuses by category), kept for a few seconds. Writes in this process drop the
 * tenant's entries at once; other server processes see a change within TTL_MS — for a template
 * edit that means a new version applies to their new tickets a few seconds later, never that a
 * ticket changes version.
 */
const TTL_MS = 5000
const MAX = 10_000
const entries = new Map<string, { at: number, value: unknown }>()

export async function cached<T>(tenantId: string, key: string, load: () => Promise<T>): Promise<T> {
  const k = `${tenantId}\0${key}`
  const hit = entries.get(k)
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as T
  const value = await load()
  if (entries.size >= MAX) entries.clear()
  entries.set(k, { at: Date.now(), value })
  return value
}

/** After a write to ticket types, templates or statuses of the tenant. */
export function invalidate(tenantId: string): void {
  const prefix = `${tenantId}\0`
  for (const k of entries.keys()) if (k.startsWith(prefix)) entries.delete(k)
}
