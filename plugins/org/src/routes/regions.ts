import { randomUUID } from 'node:crypto'
import { conflict, errors, IdParams } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { isUuid, toRegion } from '../model.js'
import { adminOnly, closed, idOf, invalidField, isUniqueViolation, mustBeStaff, Name, NStr, NullableUuid, rowOr404, Str } from './common.js'

type Row = Record<string, any>
const tags = ['org-regions']
const Code = Type.String({ minLength: 1, maxLength: 64 })
const Level = Type.Union(['area', 'province', 'city', 'district', 'site'].map(l => Type.Literal(l)))
const RegionOut = Type.Object({ id: Str, code: Str, name: Str, level: Str, parentId: NStr, path: Type.Array(Str), managerId: NStr, createdAt: Str, updatedAt: Str })
const Props = { code: Code, name: Name, level: Level, parentId: NullableUuid, managerId: NullableUuid }

async function parentPath(scope: TenantScope, parentId: string | null | undefined): Promise<string[]> {
  if (!parentId) return []
  const parent = isUuid(parentId) ? await scope.table('org_regions').where({ id: parentId }).first('path') : undefined
  if (!parent) throw invalidField('/parentId', 'is not a region')
  return parent.path
}

const duplicate = (err: unknown) =>
  isUniqueViolation(err) ? conflict('region code already exists', [{ in: 'body', field: '/code', message: 'already exists' }]) : err

/**
 * The region tree (华东 → 上海 → 浦东). Each row keeps its path of ids; moving a region rewrites
 * the paths of its whole subtree in one statement.
 */
export const regionRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', { schema: { tags, summary: 'Every region, parents before children', response: { 200: Type.Array(RegionOut) } } },
    async r => (await r.scope.table('org_regions').orderByRaw('array_length(path, 1), code')).map(toRegion))

  app.get('/:id', { schema: { tags, summary: 'One region', params: IdParams, response: { 200: RegionOut, ...errors(404) } } },
    async r => toRegion(await rowOr404(r.scope, 'org_regions', idOf(r), 'region')))

  app.post('/', {
    preHandler: adminOnly,
    schema: { tags, summary: 'Create a region below an optional parent', body: Type.Object({ code: Code, name: Name, level: Type.Optional(Level), parentId: Type.Optional(NullableUuid), managerId: Type.Optional(NullableUuid) }, closed), response: { 201: RegionOut, ...errors(400, 403, 409) } },
  }, async (r, reply) => {
    const b = r.body as Row
    await mustBeStaff(r.scope, b.managerId, '/managerId')
    const row = await r.scope.transaction(async (s) => {
      const prefix = await parentPath(s, b.parentId)
      const id = randomUUID()
      try {
        const [created] = await s.insert('org_regions', { id, code: b.code, name: b.name, level: b.level ?? 'area', parent_id: b.parentId ?? null, path: [...prefix, id], manager_id: b.managerId ?? null }).returning('*')
        return created
      }
      catch (err) { throw duplicate(err) }
    })
    return reply.status(201).send(toRegion(row))
  })

  app.patch('/:id', {
    preHandler: adminOnly,
    schema: { tags, summary: 'Rename, re-code or move a region (its subtree moves with it)', params: IdParams, body: Type.Partial(Type.Object(Props), { ...closed, minProperties: 1 }), response: { 200: RegionOut, ...errors(400, 403, 404, 409) } },
  }, async (r) => {
    const b = r.body as Row
    await mustBeStaff(r.scope, b.managerId, '/managerId')
    const row = await r.scope.transaction(async (s) => {
      const current = await rowOr404(s, 'org_regions', idOf(r), 'region')
      const set: Row = { updated_at: new Date() }
      for (const [prop, col] of [['code', 'code'], ['name', 'name'], ['level', 'level'], ['managerId', 'manager_id']]) if (b[prop] !== undefined) set[col] = b[prop]
      if (b.parentId !== undefined && b.parentId !== current.parent_id) {
        const prefix = await parentPath(s, b.parentId)
        if (prefix.includes(current.id)) throw invalidField('/parentId', 'would put the region below itself')
        const depth = current.path.length
        // Every row whose path runs through this region: swap the old prefix for the new one.
        await s.table('org_regions').whereRaw('path @> ARRAY[?]::uuid[]', [current.id])
          .update({ path: s.db.raw('?::uuid[] || path[?:]', [[...prefix, current.id], depth + 1]) })
        set.parent_id = b.parentId
      }
      try {
        const [updated] = await s.table('org_regions').where({ id: current.id }).update(set).returning('*')
        return updated
      }
      catch (err) { throw duplicate(err) }
    })
    return toRegion(row)
  })

  app.delete('/:id', { preHandler: adminOnly, schema: { tags, summary: 'Delete a region without sub-regions', params: IdParams, response: { 204: Type.Null(), ...errors(403, 404, 409) } } },
    async (r, reply) => {
      const current = await rowOr404(r.scope, 'org_regions', idOf(r), 'region')
      if (await r.scope.table('org_regions').where({ parent_id: current.id }).first('id')) throw conflict('region has sub-regions: move or delete them first')
      await r.scope.table('org_regions').where({ id: current.id }).del()
      return reply.status(204).send()
    })
}
