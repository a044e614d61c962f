import type { PluginHost } from '@scrm/kernel'
import type { Recipient as NotifyRecipient } from '@scrm/plugin-notify'
import type { TenantScope } from '@scrm/store'
import type { Person, Recipient } from './policy.js'

/** The part of the org plugin's service the SLA uses (`services.get('org')`, late-bound: org is optional). */
interface OrgLike {
  supervisorChain: (scope: TenantScope, userId: string) => Promise<Array<{ userId: string }>>
  teamSupervisor?: (scope: TenantScope, teamKey: string) => Promise<string | undefined>
}

/** The routing plugin's `reassign` (late-bound: routing is optional, and may be switched off per tenant). */
export interface RoutingLike {
  reassign: (scope: TenantScope, ticketId: string, to: { userId: string } | { rules: true }, options: { reason: string, actor?: unknown }) =>
  Promise<{ assigneeId?: string | null, decision?: { outcome?: string, assigneeId: string | null } }>
}

/** Whether a tenant can reassign through routing (its service exists and its routes are on for them). */
export const routingFor = (host: PluginHost) => (tenantId: string): boolean =>
  host.hasService('routing') && !!host.registries.routes.get(tenantId, '/routing')

export function routingOf(host: PluginHost, tenantId: string): RoutingLike | undefined {
  if (!routingFor(host)(tenantId)) return undefined
  const r = host.service<Partial<RoutingLike>>('routing')
  return typeof r.reassign === 'function' ? r as RoutingLike : undefined
}

export interface TicketPeople {
  id: string
  assigneeId: string | null
  team: string | null
}

const staff = (scope: TenantScope, role: string) =>
  scope.table('users').where({ role, active: true }).orderBy([{ column: 'created_at' }, { column: 'id' }]).pluck('id') as Promise<string[]>

/**
 * Who is above the ticket's owner, nearest first, one entry per level (a level may be several
 * people). With the org plugin: its supervisor chain (for an unassigned ticket, the team's
 * supervisor and their chain). Without it: level 1 = every supervisor, level 2 = every admin.
 */
export async function supervisorLevels(host: PluginHost, scope: TenantScope, t: TicketPeople, upTo = 10): Promise<{ levels: string[][], via: 'org' | 'roles' }> {
  const org = host.hasService('org') ? host.service<OrgLike>('org') : undefined
  if (org) {
    let base = t.assigneeId
    const levels: string[][] = []
    if (!base && t.team && org.teamSupervisor) {
      base = (await org.teamSupervisor(scope, t.team)) ?? null
      if (base) levels.push([base])
    }
    if (base) for (const link of await org.supervisorChain(scope, base)) levels.push([link.userId])
    if (levels.length) return { levels, via: 'org' }
  }
  // Admins are only looked up when someone asks above the supervisors (level 1 is the common case).
  const levels = [await staff(scope, 'supervisor')]
  if (upTo > 1 || !levels[0].length) levels.push(await staff(scope, 'admin'))
  return { levels: levels.filter(l => l.length), via: 'roles' }
}

/** Level n of the chain; past its top, the top (escalating beyond the top stays there). */
export function level(levels: string[][], n: number): string[] {
  if (!levels.length) return []
  return levels[Math.min(n, levels.length) - 1]
}

export interface Resolver {
  /** Notify recipients for the SLA's recipient specs (deduplicated people). */
  recipients: (specs: Recipient[]) => Promise<{ to: NotifyRecipient[], people: string[], missing: string[] }>
  /** One person (reassign, watcher), or undefined with why not. */
  person: (spec: Person) => Promise<{ userId?: string, why?: string }>
}

export function resolver(host: PluginHost, scope: TenantScope, ticket: TicketPeople): Resolver {
  const chains = new Map<boolean, Promise<{ levels: string[][] }>>()
  const levels = (n: number) => {
    const deep = n > 1
    if (!chains.has(deep)) chains.set(deep, supervisorLevels(host, scope, ticket, n))
    return chains.get(deep)!
  }
  const watchers = () => scope.table('sla_watchers').where({ ticket_id: ticket.id }).pluck('user_id') as Promise<string[]>

  async function people(spec: Recipient): Promise<string[]> {
    if ('user' in spec) return [spec.user]
    if ('role' in spec) return staff(scope, spec.role)
    if ('supervisor' in spec) return level((await levels(spec.supervisor)).levels, spec.supervisor)
    if ('watchers' in spec) return watchers()
    if ('assignee' in spec) return ticket.assigneeId ? [ticket.assigneeId] : level((await levels(1)).levels, 1) // nobody owns it: its supervisor hears
    return []
  }

  return {
    async recipients(specs) {
      const ids = new Set<string>()
      const to: NotifyRecipient[] = []
      const missing: string[] = []
      for (const spec of specs) {
        if ('channel' in spec) {
          to.push({ channel: spec.channel })
          continue
        }
        const found = await people(spec)
        if (!found.length) missing.push(Object.keys(spec)[0])
        for (const id of found) ids.add(id)
      }
      for (const id of ids) to.push({ userId: id })
      return { to, people: [...ids], missing }
    },
    async person(spec) {
      if ('user' in spec) return { userId: spec.user }
      if ('assignee' in spec) return ticket.assigneeId ? { userId: ticket.assigneeId } : { why: 'the ticket has no assignee' }
      const found = level((await levels(spec.supervisor)).levels, spec.supervisor)
      return found[0] ? { userId: found[0] } : { why: 'nobody is above the assignee' }
    },
  }
}
