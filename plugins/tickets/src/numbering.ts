import type { TenantScope } from '@scrm/store'

/** The calendar day in China (UTC+8, no daylight saving): numbers restart at 0001 each local day. */
export function chinaDay(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '')
}

/**
 * Next ticket number of the tenant for today: GD-20261123-0001. The counter row is bumped in its
 * own short statement, outside the ticket's transaction when there is none around it, so
 * concurrent creations do not queue behind each other's whole transaction on one hot row. The
 * price: a creation that fails after this leaves a gap in the day's numbers.
 */
export async function nextNumber(scope: TenantScope, now = new Date()): Promise<string> {
  const day = chinaDay(now)
  const { rows } = await scope.db.raw(
    `insert into ticket_counters (tenant_id, day, last) values (?, ?, 1)
     on conflict (tenant_id, day) do update set last = ticket_counters.last + 1 returning last`,
    [scope.tenantId, day],
  )
  return `GD-${day}-${String(rows[0].last).padStart(4, '0')}`
}
