import { Type } from 'typebox'
import type { Agent } from '../model.js'
import { rotaOut } from '../model.js'
import type { OrgSnapshot } from '../snapshot.js'
import { closed, NStr, NullableUuid, Str } from './common.js'

const Clock = Type.String({ pattern: '^([01]\\d|2[0-4]):[0-5]\\d$' })
export const ShiftIn = Type.Object({ weekday: Type.Integer({ minimum: 1, maximum: 7 }), start: Clock, end: Clock }, closed)
export const LatLng = Type.Object({ lat: Type.Number({ minimum: -90, maximum: 90 }), lng: Type.Number({ minimum: -180, maximum: 180 }) }, closed)
export const SkillIn = Type.Object({ skill: Type.String({ minLength: 1, maxLength: 64 }), level: Type.Integer({ minimum: 1, maximum: 5 }) }, closed)

/** Each property given replaces that part of the profile; omitted ones stay. */
export const ProfilePatch = Type.Object({
  supervisorId: Type.Optional(NullableUuid),
  capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  location: Type.Optional(Type.Union([LatLng, Type.Null()])),
  timezone: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
  roles: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20, uniqueItems: true })),
  /** Team ids or keys. */
  teams: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50, uniqueItems: true })),
  skills: Type.Optional(Type.Array(SkillIn, { maxItems: 100 })),
  regions: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 200, uniqueItems: true })),
  shifts: Type.Optional(Type.Array(ShiftIn, { maxItems: 50 })),
}, { ...closed, minProperties: 1 })

export const ProfileOut = Type.Object({
  userId: Str, name: Str, role: Str, active: Type.Boolean(), supervisorId: NStr, capacity: Type.Integer(),
  location: Type.Union([Type.Object({ lat: Type.Number(), lng: Type.Number() }), Type.Null()]), timezone: NStr,
  roles: Type.Array(Str), teams: Type.Array(Str), skills: Type.Array(Type.Object({ skill: Str, level: Type.Integer() })),
  regions: Type.Array(Type.Object({ id: Str, code: Str, name: Str })),
  shifts: Type.Array(Type.Object({ weekday: Type.Integer(), start: Str, end: Str })),
})

export const OverrideIn = Type.Object({
  onDuty: Type.Boolean(),
  start: Type.Optional(Clock),
  end: Type.Optional(Clock),
  note: Type.Optional(Type.String({ maxLength: 200 })),
}, closed)
export const OverrideOut = Type.Object({ date: Str, onDuty: Type.Boolean(), start: NStr, end: NStr, note: NStr })

export function profileOut(agent: Agent, snap: OrgSnapshot) {
  const { timezone, shifts } = rotaOut(agent.rota)
  return {
    userId: agent.userId,
    name: agent.name,
    role: agent.role,
    active: agent.active,
    supervisorId: agent.supervisorId,
    capacity: agent.capacity,
    location: agent.location,
    timezone,
    roles: agent.roles,
    teams: agent.teams,
    skills: Object.entries(agent.skills).map(([skill, level]) => ({ skill, level })).sort((a, b) => a.skill.localeCompare(b.skill)),
    regions: agent.regionIds.map(id => snap.regions.get(id)).filter(r => !!r).map(r => ({ id: r.id, code: r.code, name: r.name })),
    shifts,
  }
}
