import { conflict, errors, IdParams } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { FastifyPluginAsync } from 'fastify'
import { type TObject, Type } from 'typebox'
import { adminOnly, idOf, isUniqueViolation, rowOr404 } from './common.js'

type Row = Record<string, any>

export interface CrudSpec {
  /** URL segment and OpenAPI tag. */
  tag: string
  table: string
  what: string
  create: TObject
  patch: TObject
  out: TObject
  toApi: (row: Row) => unknown
  /** API property → column. */
  columns: Record<string, string>
  /** Validates references (400 naming the field); `current` is set on updates. */
  check: (scope: TenantScope, body: Row, current?: Row) => Promise<void>
  orderBy: string
}

function toColumns(spec: CrudSpec, body: Row): Row {
  const out: Row = {}
  for (const [prop, column] of Object.entries(spec.columns)) if (body[prop] !== undefined) out[column] = body[prop]
  return out
}

/**
 * List / get / create / patch / delete for the simple org tables (departments, teams). Writes are
 * for admins; a duplicate key is a 409 naming `/key`.
 */
export function crudRoutes(spec: CrudSpec): FastifyPluginAsync {
  const tags = [spec.tag]
  const duplicate = (err: unknown) => {
    if (isUniqueViolation(err)) return conflict(`${spec.what} key already exists`, [{ in: 'body', field: '/key', message: 'already exists' }])
    return err
  }
  return async (app) => {
    app.get('/', { schema: { tags, summary: `List ${spec.what}s`, response: { 200: Type.Array(spec.out) } } },
      async r => (await r.scope.table(spec.table).orderBy(spec.orderBy)).map(spec.toApi))

    app.get('/:id', { schema: { tags, summary: `One ${spec.what}`, params: IdParams, response: { 200: spec.out, ...errors(404) } } },
      async r => spec.toApi(await rowOr404(r.scope, spec.table, idOf(r), spec.what)))

    app.post('/', { preHandler: adminOnly, schema: { tags, summary: `Create a ${spec.what}`, body: spec.create, response: { 201: spec.out, ...errors(400, 403, 409) } } },
      async (r, reply) => {
        const body = r.body as Row
        await spec.check(r.scope, body)
        try {
          const [row] = await r.scope.insert(spec.table, toColumns(spec, body)).returning('*')
          return reply.status(201).send(spec.toApi(row))
        }
        catch (err) { throw duplicate(err) }
      })

    app.patch('/:id', { preHandler: adminOnly, schema: { tags, summary: `Change a ${spec.what}`, params: IdParams, body: spec.patch, response: { 200: spec.out, ...errors(400, 403, 404, 409) } } },
      async (r) => {
        const current = await rowOr404(r.scope, spec.table, idOf(r), spec.what)
        const body = r.body as Row
        await spec.check(r.scope, body, current)
        try {
          const [row] = await r.scope.table(spec.table).where({ id: current.id }).update({ ...toColumns(spec, body), updated_at: new Date() }).returning('*')
          return spec.toApi(row)
        }
        catch (err) { throw duplicate(err) }
      })

    app.delete('/:id', { preHandler: adminOnly, schema: { tags, summary: `Delete a ${spec.what}`, params: IdParams, response: { 204: Type.Null(), ...errors(403, 404, 409) } } },
      async (r, reply) => {
        const current = await rowOr404(r.scope, spec.table, idOf(r), spec.what)
        try { await r.scope.table(spec.table).where({ id: current.id }).del() }
        catch (err) {
          if ((err as { code?: string }).code === '23503') throw conflict(`${spec.what} is still in use`)
          throw err
        }
        return reply.status(204).send()
      })
  }
}
