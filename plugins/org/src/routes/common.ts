import { badRequest, notFound, requireRole } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import { Type } from 'typebox'
import { isUuid } from '../model.js'

export const staffOnly = requireRole('admin', 'supervisor', 'agent')
export const managers = requireRole('admin', 'supervisor')
export const adminOnly = requireRole('admin')

/** Request objects reject unknown properties: a typo is a 400 naming it, never silently dropped. */
export const closed = { additionalProperties: false } as const
export const Key = Type.String({ pattern: '^[a-zA-Z][\\w-]{0,63}$' })
export const Name = Type.String({ minLength: 1, maxLength: 100 })
export const NullableUuid = Type.Union([Type.String({ format: 'uuid' }), Type.Null()])
export const Str = Type.String()
export const NStr = Type.Union([Type.String(), Type.Null()])

/** A 400 whose details name the body field, like schema validation errors do. */
export function invalidField(field: string, message: string) {
  return badRequest(`invalid body: ${field} ${message}`, [{ in: 'body', field, message }])
}

/** A 409 for a unique key already taken. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === '23505'
}

/**
 * Checks that a referenced row exists in the caller's tenant; another tenant's id reads as
 * missing (a 400 naming the field, so ids cannot be probed).
 */
export async function mustExist(scope: TenantScope, table: string, id: string | null | undefined, field: string, what: string, extra: Record<string, unknown> = {}) {
  if (id === null || id === undefined) return
  const row = isUuid(id) ? await scope.table(table).where({ id, ...extra }).first('id') : undefined
  if (!row) throw invalidField(field, `is not ${what}`)
}

/** A staff user of this tenant (supervisors, managers, members). */
export async function mustBeStaff(scope: TenantScope, id: string | null | undefined, field: string) {
  if (id === null || id === undefined) return
  const u = isUuid(id) ? await scope.table('users').where({ id }).whereIn('role', ['admin', 'supervisor', 'agent']).first('id') : undefined
  if (!u) throw invalidField(field, 'is not a staff user of this tenant')
}

/** The row in the caller's tenant, or a 404 (also for another tenant's id). */
export async function rowOr404(scope: TenantScope, table: string, id: string, what: string) {
  const row = isUuid(id) ? await scope.table(table).where({ id }).first() : undefined
  if (!row) throw notFound(what)
  return row
}

export const idOf = (request: { params: unknown }) => (request.params as { id: string }).id
