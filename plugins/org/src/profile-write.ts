import { zone } from '@scrm/calendar'
import type { TenantScope } from '@scrm/store'
import { isUuid } from './model.js'
import { invalidField, mustBeStaff } from './routes/common.js'
import { parseClock } from './rota.js'

type Row = Record<string, any>

export interface ProfileInput {
  supervisorId?: string | null
  capacity?: number
  location?: { lat: number, lng: number } | null
  timezone?: string | null
  roles?: string[]
  teams?: string[]
  skills?: Array<{ skill: string, level: number }>
  regions?: string[]
  shifts?: Array<{ weekday: number, start: string, end: string }>
}

/** Refuses a supervisor that would make the chain loop back to the user. */
async function checkSupervisor(scope: TenantScope, userId: string, supervisorId: string | null | undefined) {
  if (!supervisorId) return
  if (supervisorId === userId) throw invalidField('/supervisorId', 'cannot be the user themselves')
  await mustBeStaff(scope, supervisorId, '/supervisorId')
  for (let at: string | null = supervisorId, hops = 0; at && hops < 100; hops++) {
    const row: { supervisor_id: string | null } | undefined = await scope.table('org_profiles').where({ user_id: at }).first('supervisor_id')
    at = row?.supervisor_id ?? null
    if (at === userId) throw invalidField('/supervisorId', 'would make the supervisor chain loop')
  }
}

async function teamIds(scope: TenantScope, refs: string[]): Promise<string[]> {
  const rows = await scope.table('org_teams').where(q => q.whereIn('key', refs).orWhereIn('id', refs.filter(isUuid))).select('id', 'key')
  return refs.map((ref, i) => {
    const t = rows.find((r: Row) => r.id === ref || r.key === ref)
    if (!t) throw invalidField(`/teams/${i}`, `is not a team: ${ref}`)
    return t.id as string
  })
}

function shiftRows(shifts: NonNullable<ProfileInput['shifts']>) {
  const seen = new Set<string>()
  return shifts.map((s, i) => {
    const start = parseClock(s.start)
    const end = parseClock(s.end)
    if (start === undefined || start >= 1440) throw invalidField(`/shifts/${i}/start`, 'is not a time of day (00:00–23:59)')
    if (end === undefined) throw invalidField(`/shifts/${i}/end`, 'is not a time of day (00:00–24:00)')
    if (start === end) throw invalidField(`/shifts/${i}/end`, 'equals start: a shift needs a length')
    const key = `${s.weekday}@${start}`
    if (seen.has(key)) throw invalidField(`/shifts/${i}`, 'duplicates another shift starting at the same time')
    seen.add(key)
    return { weekday: s.weekday, start_min: start, end_min: end }
  })
}

/** Applies a profile patch in one transaction; each given part replaces the stored one. */
export async function writeProfile(scope: TenantScope, userId: string, p: ProfileInput): Promise<void> {
  if (p.timezone) {
    try { zone(p.timezone) }
    catch { throw invalidField('/timezone', `is not an IANA time zone: ${p.timezone}`) }
  }
  const skills = p.skills?.map(s => ({ ...s, skill: s.skill.trim() }))
  skills?.forEach((s, i) => { if (!s.skill || skills.findIndex(x => x.skill === s.skill) !== i) throw invalidField(`/skills/${i}/skill`, 'is empty or listed twice') })
  const shifts = p.shifts && shiftRows(p.shifts)
  await scope.transaction(async (s) => {
    await checkSupervisor(s, userId, p.supervisorId)
    const teams = p.teams && await teamIds(s, p.teams)
    if (p.regions?.length) {
      const found = new Set((await s.table('org_regions').whereIn('id', p.regions).select('id')).map((r: Row) => r.id))
      const missing = p.regions.findIndex(id => !found.has(id))
      if (missing >= 0) throw invalidField(`/regions/${missing}`, 'is not a region')
    }
    const set: Record<string, unknown> = {}
    if (p.supervisorId !== undefined) set.supervisor_id = p.supervisorId
    if (p.capacity !== undefined) set.capacity = p.capacity
    if (p.location !== undefined) Object.assign(set, { lat: p.location?.lat ?? null, lng: p.location?.lng ?? null })
    if (p.timezone !== undefined) set.timezone = p.timezone
    if (p.roles !== undefined) set.roles = p.roles
    await s.insert('org_profiles', { user_id: userId, ...set }).onConflict(['tenant_id', 'user_id']).merge({ ...set, updated_at: new Date() })
    const replace = async (table: string, rows: Array<Record<string, unknown>> | undefined) => {
      if (!rows) return
      await s.table(table).where({ user_id: userId }).del()
      if (rows.length) await s.insert(table, rows.map(r => ({ ...r, user_id: userId })))
    }
    await replace('org_team_members', teams?.map(team_id => ({ team_id })))
    await replace('org_user_skills', skills?.map(x => ({ skill: x.skill, level: x.level })))
    await replace('org_user_regions', p.regions?.map(region_id => ({ region_id })))
    await replace('org_shifts', shifts)
  })
}
