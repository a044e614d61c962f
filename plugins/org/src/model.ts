import type { Role } from '@scrm/store'
import { formatClock, type Rota } from './rota.js'

/** API shapes: camelCase, ISO timestamps. */
export interface Department {
  id: string
  key: string
  name: string
  parentId: string | null
  managerId: string | null
  createdAt: string
  updatedAt: string
}

export interface Region {
  id: string
  code: string
  name: string
  level: string
  parentId: string | null
  /** Ids from the root down to this region. */
  path: string[]
  managerId: string | null
  createdAt: string
  updatedAt: string
}

export interface Team {
  id: string
  key: string
  name: string
  departmentId: string | null
  regionId: string | null
  supervisorId: string | null
  createdAt: string
  updatedAt: string
}

export interface LatLng {
  lat: number
  lng: number
}

/**
 * One person as routing sees them: everything a decision needs, in memory. Built by
 * `loadOrgSnapshot` from the org tables and `users`.
 */
export interface Agent {
  userId: string
  name: string
  /** Platform role (admin / supervisor / agent). */
  role: Role
  /** Business roles (senior, vip-agent …). */
  roles: string[]
  active: boolean
  /** Team keys, sorted. */
  teams: string[]
  /** Skill → level 1–5. */
  skills: Record<string, number>
  /** Ids of the regions served (each covers its whole subtree). */
  regionIds: string[]
  location: LatLng | null
  /** Max open tickets. */
  capacity: number
  supervisorId: string | null
  rota: Rota
}

type Row = Record<string, any>
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v))

export const toDepartment = (r: Row): Department => ({
  id: r.id, key: r.key, name: r.name, parentId: r.parent_id ?? null, managerId: r.manager_id ?? null, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
})

export const toRegion = (r: Row): Region => ({
  id: r.id, code: r.code, name: r.name, level: r.level, parentId: r.parent_id ?? null, path: r.path ?? [], managerId: r.manager_id ?? null,
  createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
})

export const toTeam = (r: Row): Team => ({
  id: r.id, key: r.key, name: r.name, departmentId: r.department_id ?? null, regionId: r.region_id ?? null, supervisorId: r.supervisor_id ?? null,
  createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
})

/** The rota as the API shows it: `09:00`-style clock times. */
export function rotaOut(rota: Rota) {
  return {
    timezone: rota.timezone,
    shifts: rota.shifts.map(s => ({ weekday: s.weekday, start: formatClock(s.start), end: formatClock(s.end) })),
  }
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID_RE.test(v)
