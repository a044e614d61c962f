import type { Role } from '@scrm/store'

export const TARGET_KINDS = ['firstResponse', 'nextResponse', 'resolution'] as const
export type TargetKind = typeof TARGET_KINDS[number]

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export type Priority = typeof PRIORITIES[number]

/** Who an SLA notification or action is about. */
export type Recipient =
  | { user: string }
  | { role: Exclude<Role, 'customer'> }
  /** A notify channel by key: a WeCom / DingTalk group ("all-hands alert"), a webhook. */
  | { channel: string }
  | { assignee: true }
  /** The assignee's supervisor chain: 1 = direct supervisor, 2 = the one above … */
  | { supervisor: number }
  | { watchers: true }

/** Whom a reassignment or a new watcher names: one person. */
export type Person = { user: string } | { supervisor: number } | { assignee: true }

export type Action =
  | { type: 'notify', to: Recipient[], urgent?: boolean }
  /**
   * Default: the assignee's direct supervisor. `{ rules: true }`: the routing plugin's rules again,
   * leaving the current assignee out. With routing installed every reassignment goes through it
   * (recorded there with its reason; open flow tasks follow).
   */
  | { type: 'reassign', to?: Person | { rules: true } }
  /** Default: one step up (low → normal → high → urgent). */
  | { type: 'raisePriority', to?: Priority }
  | { type: 'addWatcher', who: Person }

export interface EscalationLevel {
  /** Exactly one: a delay past the breach, or a lead before it (business time of the target's calendar). */
  after?: string
  before?: string
  /** Targets this level watches; default all. */
  targets?: TargetKind[]
  actions: Action[]
}

export interface Warning {
  /** A share of the target (`80%`) or a time before the breach (`PT30M`). */
  at: string
  targets?: TargetKind[]
  /** Default: the assignee. Warnings are not urgent: quiet hours hold them. */
  notify?: Recipient[]
}

/** `PT2H`, or with its own calendar: `{ within: 'PT2H', calendar: '24x7' }` (null = calendar time). */
export type TargetSpec = string | { within: string, calendar?: string | null }

/** A policy as the API takes it and `sla_policies.definition` stores it. */
export interface PolicyDefinition {
  name: string
  position?: number
  /** JSON Logic over { ticket, customer, form }; absent/null = the default policy. */
  condition?: unknown
  /** Business calendar of the targets (default `cn-workdays`); null = calendar (wall-clock) time. */
  calendar?: string | null
  /** Status keys that stop the clock (waiting on customer / third party); default: every `pending` status. */
  pauseStatuses?: string[] | null
  targets: Partial<Record<Priority, Partial<Record<TargetKind, TargetSpec>>>>
  warning?: Warning | null
  escalations?: EscalationLevel[]
  active?: boolean
}

export interface StoredPolicy extends PolicyDefinition {
  id: string
  version: number
}

export const DEFAULT_CALENDAR = 'cn-workdays'

/** The target of a kind at a priority, with the calendar it counts in (null = calendar time). */
export function targetOf(p: PolicyDefinition, priority: string, kind: TargetKind): { within: string, calendar: string | null } | undefined {
  const spec = p.targets[priority as Priority]?.[kind]
  if (!spec) return undefined
  const policyCalendar = p.calendar === undefined ? DEFAULT_CALENDAR : p.calendar
  if (typeof spec === 'string') return { within: spec, calendar: policyCalendar }
  return { within: spec.within, calendar: spec.calendar === undefined ? policyCalendar : spec.calendar }
}

export const applies = (targets: TargetKind[] | undefined, kind: TargetKind) => !targets?.length || targets.includes(kind)

/** Escalation levels 1…n with their signed offset from the breach as the definition spells it. */
export function levelOffset(level: EscalationLevel): { duration: string, sign: 1 | -1 } {
  return level.before !== undefined ? { duration: level.before, sign: -1 } : { duration: level.after ?? 'PT0S', sign: 1 }
}

/** Every person named by recipients and actions (validated to be staff of the tenant). */
export function namedUsers(p: PolicyDefinition): Array<{ field: string, id: string }> {
  const out: Array<{ field: string, id: string }> = []
  const visit = (r: Recipient | Person, field: string) => { if ('user' in r) out.push({ field: `${field}/user`, id: r.user }) }
  p.warning?.notify?.forEach((r, i) => visit(r, `/warning/notify/${i}`))
  p.escalations?.forEach((level, l) => level.actions.forEach((a, i) => {
    const at = `/escalations/${l}/actions/${i}`
    if (a.type === 'notify') a.to.forEach((r, j) => visit(r, `${at}/to/${j}`))
    if (a.type === 'reassign' && a.to && !('rules' in a.to)) visit(a.to, `${at}/to`)
    if (a.type === 'addWatcher') visit(a.who, `${at}/who`)
  }))
  return out
}
