import type { CalendarProvider } from '@scrm/calendar'
import { checkCondition, parseDuration } from '@scrm/flow'
import { badRequest, conflict } from '@scrm/kernel'
import { channels } from '@scrm/plugin-notify'
import type { TenantScope } from '@scrm/store'
import { levelOffset, namedUsers, type PolicyDefinition, PRIORITIES, TARGET_KINDS, type TargetSpec } from './policy.js'

/** Conditions see what the flow engine's conditions see, minus instance variables. */
export const CONDITION_ROOTS = ['ticket', 'customer', 'form'] as const

const invalid = (field: string, message: string) => badRequest(`invalid body: ${field} ${message}`, [{ in: 'body', field, message }])

function duration(value: string, field: string): number {
  let ms: number
  try { ms = parseDuration(value) }
  catch (err) { throw invalid(field, (err as Error).message) }
  if (ms <= 0) throw invalid(field, 'must be longer than zero')
  return ms
}

/** `80%` → { share: 0.8 }, `PT30M` → { ms }; throws naming `field`. */
export function parseWarnAt(at: string, field = '/warning/at'): { share: number } | { ms: number } {
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(at.trim())
  if (!pct) return { ms: duration(at, field) }
  const share = Number(pct[1]) / 100
  if (!(share > 0 && share < 1)) throw invalid(field, 'a share must be between 0% and 100%')
  return { share }
}

function calendar(calendars: CalendarProvider, id: string | null | undefined, field: string): void {
  if (id === null || id === undefined) return
  try { calendars.get(id) }
  catch (err) { throw invalid(field, (err as Error).message) }
}

function target(calendars: CalendarProvider, spec: TargetSpec, field: string): void {
  if (typeof spec === 'string') return void duration(spec, field)
  duration(spec.within, `${field}/within`)
  calendar(calendars, spec.calendar, `${field}/calendar`)
}

/**
 * What the schema cannot say: conditions (checkCondition), durations (parseDuration), calendars,
 * the tenant's statuses, users and channels, escalation levels in time order, one default policy.
 * Every failure is a 400 (409 for a second default) naming the field as a JSON pointer.
 */
export async function validatePolicy(scope: TenantScope, calendars: CalendarProvider, p: PolicyDefinition, features: { routing: boolean }, selfId?: string): Promise<void> {
  if (p.condition !== undefined && p.condition !== null) {
    const problems = checkCondition(p.condition, { roots: CONDITION_ROOTS })
    if (problems.length) throw invalid(`/condition${problems[0].pointer}`, problems[0].message['en-US'])
  }
  calendar(calendars, p.calendar, '/calendar')

  let count = 0
  for (const priority of Object.keys(p.targets)) {
    if (!PRIORITIES.includes(priority as never)) throw invalid(`/targets/${priority}`, `is not a priority (${PRIORITIES.join(', ')})`)
    for (const [kind, spec] of Object.entries(p.targets[priority as 'low'] ?? {})) {
      if (!TARGET_KINDS.includes(kind as never)) throw invalid(`/targets/${priority}/${kind}`, `is not a target (${TARGET_KINDS.join(', ')})`)
      target(calendars, spec as TargetSpec, `/targets/${priority}/${kind}`)
      count++
    }
  }
  if (!count) throw invalid('/targets', 'needs at least one target')

  if (p.warning) parseWarnAt(p.warning.at)
  let previous = -Infinity
  p.escalations?.forEach((level, i) => {
    if ((level.after === undefined) === (level.before === undefined)) throw invalid(`/escalations/${i}`, 'needs exactly one of after or before')
    const { duration: d, sign } = levelOffset(level)
    const field = `/escalations/${i}/${sign > 0 ? 'after' : 'before'}`
    let ms: number
    try { ms = sign * parseDuration(d) }
    catch (err) { throw invalid(field, (err as Error).message) }
    // Levels fire in order: each must come later than the one before it.
    if (ms <= previous) throw invalid(field, `level ${i + 1} must come after level ${i}`)
    previous = ms
  })

  p.escalations?.forEach((l, li) => l.actions.forEach((a, ai) => {
    if (a.type === 'reassign' && a.to && 'rules' in a.to && !features.routing)
      throw invalid(`/escalations/${li}/actions/${ai}/to`, 'reassigning by the rules needs the routing plugin')
  }))
  if (p.pauseStatuses?.length) {
    const known = new Set((await scope.table('ticket_statuses').select('key')).map((r: { key: string }) => r.key))
    p.pauseStatuses.forEach((key, i) => { if (!known.has(key)) throw invalid(`/pauseStatuses/${i}`, `is not a status of this tenant: ${key}`) })
  }
  for (const { field, id } of namedUsers(p)) {
    const user = await scope.table('users').where({ id, active: true }).whereIn('role', ['admin', 'supervisor', 'agent']).first('id')
    if (!user) throw invalid(field, 'is not an active staff user')
  }
  const channelKeys: Array<[string, string]> = []
  p.warning?.notify?.forEach((r, i) => { if ('channel' in r) channelKeys.push([`/warning/notify/${i}/channel`, r.channel]) })
  p.escalations?.forEach((l, li) => l.actions.forEach((a, ai) => {
    if (a.type === 'notify') a.to.forEach((r, i) => { if ('channel' in r) channelKeys.push([`/escalations/${li}/actions/${ai}/to/${i}/channel`, r.channel]) })
  }))
  for (const [field, key] of channelKeys) {
    if (!await channels.byKey(scope, key)) throw invalid(field, `is not a notification channel of this tenant: ${key}`)
  }

  if ((p.condition === undefined || p.condition === null) && p.active !== false) {
    const other = await scope.table('sla_policies').whereNull('condition').where({ active: true })
      .modify(q => { if (selfId) q.whereNot({ id: selfId }) }).first('id', 'name')
    if (other) throw conflict(`invalid body: /condition is required: "${other.name}" is already the default policy`, [{ in: 'body', field: '/condition', message: 'only one active policy may be the default', policyId: other.id }])
  }
}
