import { addBusinessMs, type BusinessCalendar, businessMsBetween, type CalendarProvider, MINUTE } from '@scrm/calendar'
import { parseDuration } from '@scrm/flow'
import { applies, levelOffset, type PolicyDefinition, TARGET_KINDS, type TargetKind } from './policy.js'
import { parseWarnAt } from './validate.js'

export type TargetStatus = 'running' | 'met' | 'breached' | 'cancelled'
export type SlaState = 'ok' | 'at_risk' | 'breached'

/** One SLA clock of a ticket, as stored in `sla_tickets.targets`. Instants are ISO strings (JSON). */
export interface TargetState {
  kind: TargetKind
  /** Next response restarts with each customer reply: 1, 2 … (keys of fired events include it). */
  cycle: number
  /** Business calendar id; null = calendar time. */
  calendar: string | null
  within: string
  targetMs: number
  startedAt: string
  /** Business time paused so far, in this target's calendar: the due time moves by it. */
  pausedMs: number
  dueAt: string
  /** breached = the due time passed while running (it stays breached when done late). */
  status: TargetStatus
  completedAt: string | null
  breachedAt: string | null
  /** Timed events already handled: 'warning', 'breach', 'L1', 'L2' … */
  fired: string[]
}

export type Targets = Partial<Record<TargetKind, TargetState>>

/** Targets in a fixed order (jsonb hands object keys back in its own order). */
export const targetList = (targets: Targets): TargetState[] => TARGET_KINDS.flatMap(k => (targets[k] ? [targets[k]] : []))

export interface DueEvent {
  target: TargetKind
  key: string
  at: Date
  /** Same instant: warning, then breach, then levels in order. */
  rank: number
  level?: number
}

/** Calendar time is the round-the-clock calendar: one arithmetic for both kinds of target. */
export const calendarOf = (calendars: CalendarProvider, id: string | null): BusinessCalendar => calendars.get(id ?? '24x7')

export function newTarget(calendars: CalendarProvider, kind: TargetKind, spec: { within: string, calendar: string | null }, startedAt: Date, cycle = 1): TargetState {
  const targetMs = parseDuration(spec.within)
  return {
    kind, cycle, calendar: spec.calendar, within: spec.within, targetMs, startedAt: startedAt.toISOString(), pausedMs: 0,
    dueAt: addBusinessMs(calendarOf(calendars, spec.calendar), startedAt, targetMs).toISOString(),
    status: 'running', completedAt: null, breachedAt: null, fired: [],
  }
}

/** Start + target + paused time, all in the target's business time. */
export function recomputeDue(calendars: CalendarProvider, t: TargetState): void {
  t.dueAt = addBusinessMs(calendarOf(calendars, t.calendar), new Date(t.startedAt), t.targetMs + t.pausedMs).toISOString()
}

export const isOpen = (t: TargetState) => !t.completedAt && t.status !== 'cancelled' && t.status !== 'met'

/** Business time of a pause that began at `pausedAt` as this target sees it (not before it started). */
export function pausedSpan(calendars: CalendarProvider, t: TargetState, pausedAt: Date, until: Date): number {
  const from = Math.max(pausedAt.getTime(), new Date(t.startedAt).getTime())
  return Math.max(0, businessMsBetween(calendarOf(calendars, t.calendar), from, until))
}

/** Events of a target still to come: warning, breach, escalation levels (by their signed offset from the due time). */
export function pendingEvents(calendars: CalendarProvider, policy: PolicyDefinition, t: TargetState): DueEvent[] {
  if (!isOpen(t)) return []
  const cal = calendarOf(calendars, t.calendar)
  const due = new Date(t.dueAt)
  const out: DueEvent[] = []
  const fired = new Set(t.fired)
  if (t.status === 'running') {
    if (policy.warning && applies(policy.warning.targets, t.kind) && !fired.has('warning')) {
      const w = parseWarnAt(policy.warning.at)
      const lead = 'share' in w ? Math.round(t.targetMs * (1 - w.share)) : w.ms
      // A lead as long as the target would warn at the start: that is no warning.
      if (lead < t.targetMs) out.push({ target: t.kind, key: 'warning', at: addBusinessMs(cal, due, -lead), rank: 0 })
    }
    if (!fired.has('breach')) out.push({ target: t.kind, key: 'breach', at: due, rank: 1 })
  }
  policy.escalations?.forEach((level, i) => {
    const key = `L${i + 1}`
    if (!applies(level.targets, t.kind) || fired.has(key)) return
    const { duration, sign } = levelOffset(level)
    const ms = sign * parseDuration(duration)
    if (ms <= -t.targetMs) return // "before" reaching back past the start: never meaningful
    out.push({ target: t.kind, key, level: i + 1, at: addBusinessMs(cal, due, ms), rank: 2 + i })
  })
  return out
}

export const byTime = (a: DueEvent, b: DueEvent) => a.at.getTime() - b.at.getTime() || a.rank - b.rank

/** Every pending event of every target, in firing order (none while paused). */
export function schedule(calendars: CalendarProvider, policy: PolicyDefinition, targets: Targets, paused: boolean): DueEvent[] {
  if (paused) return []
  return targetList(targets).flatMap(t => pendingEvents(calendars, policy, t)).sort(byTime)
}

/** Business minutes a target has used: from its start to its end (or now), less paused time. */
export function usedMinutes(calendars: CalendarProvider, t: TargetState, now: Date, pausedAt: Date | null): number {
  const end = t.completedAt ? new Date(t.completedAt) : now
  const cal = calendarOf(calendars, t.calendar)
  let paused = t.pausedMs
  if (pausedAt && !t.completedAt) paused += pausedSpan(calendars, t, pausedAt, end)
  return Math.max(0, Math.round((businessMsBetween(cal, new Date(t.startedAt), end) - paused) / MINUTE))
}

/** ok → at_risk (a running target warned) → breached (sticky: a ticket that breached stays so in reports). */
export function overallState(previous: SlaState | null, targets: Targets): SlaState {
  const list = targetList(targets)
  if (previous === 'breached' || list.some(t => t.breachedAt)) return 'breached'
  if (list.some(t => t.status === 'running' && !t.completedAt && t.fired.includes('warning'))) return 'at_risk'
  return 'ok'
}
