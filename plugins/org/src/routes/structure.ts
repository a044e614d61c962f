import type { TenantScope } from '@scrm/store'
import { Type } from 'typebox'
import { toDepartment, toTeam } from '../model.js'
import { closed, invalidField, Key, mustBeStaff, mustExist, Name, NStr, NullableUuid, Str } from './common.js'
import { crudRoutes } from './crud.js'

type Row = Record<string, any>

const DepartmentProps = { key: Key, name: Name, parentId: NullableUuid, managerId: NullableUuid }
const DepartmentOut = Type.Object({ id: Str, key: Str, name: Str, parentId: NStr, managerId: NStr, createdAt: Str, updatedAt: Str })

/** A department may not sit below itself (directly or through its children). */
async function noDepartmentCycle(scope: TenantScope, id: string, parentId: string | null | undefined) {
  for (let at = parentId, hops = 0; at && hops < 100; hops++) {
    if (at === id) throw invalidField('/parentId', 'would put the department below itself')
    at = (await scope.table('org_departments').where({ id: at }).first('parent_id'))?.parent_id
  }
}

export const departmentRoutes = crudRoutes({
  tag: 'org-departments',
  table: 'org_departments',
  what: 'department',
  create: Type.Object({ key: Key, name: Name, parentId: Type.Optional(NullableUuid), managerId: Type.Optional(NullableUuid) }, closed),
  patch: Type.Partial(Type.Object(DepartmentProps), { ...closed, minProperties: 1 }),
  out: DepartmentOut,
  toApi: toDepartment,
  columns: { key: 'key', name: 'name', parentId: 'parent_id', managerId: 'manager_id' },
  orderBy: 'key',
  async check(scope, body: Row, current?: Row) {
    await mustExist(scope, 'org_departments', body.parentId, '/parentId', 'a department')
    await mustBeStaff(scope, body.managerId, '/managerId')
    if (current && body.parentId) await noDepartmentCycle(scope, current.id, body.parentId)
  },
})

const TeamProps = { key: Key, name: Name, departmentId: NullableUuid, regionId: NullableUuid, supervisorId: NullableUuid }
const TeamOut = Type.Object({ id: Str, key: Str, name: Str, departmentId: NStr, regionId: NStr, supervisorId: NStr, createdAt: Str, updatedAt: Str })

export const teamRoutes = crudRoutes({
  tag: 'org-teams',
  table: 'org_teams',
  what: 'team',
  create: Type.Object({
    key: Key, name: Name, departmentId: Type.Optional(NullableUuid), regionId: Type.Optional(NullableUuid), supervisorId: Type.Optional(NullableUuid),
  }, closed),
  patch: Type.Partial(Type.Object(TeamProps), { ...closed, minProperties: 1 }),
  out: TeamOut,
  toApi: toTeam,
  columns: { key: 'key', name: 'name', departmentId: 'department_id', regionId: 'region_id', supervisorId: 'supervisor_id' },
  orderBy: 'key',
  async check(scope, body: Row) {
    await mustExist(scope, 'org_departments', body.departmentId, '/departmentId', 'a department')
    await mustExist(scope, 'org_regions', body.regionId, '/regionId', 'a region')
    await mustBeStaff(scope, body.supervisorId, '/supervisorId')
  },
})
