import { badRequest, conflict, HttpError, notFound, requireRole } from '@scrm/kernel'
import type { Role, TenantScope } from '@scrm/store'
import type { FastifyRequest } from 'fastify'
import type { Contact, Identity } from '../model.js'
import { findCustomer } from '../model.js'
import { formatPhone, maskPhone, normalizeIdentity, type IdentityKind } from '../normalize.js'

/** Portal customers never reach the CRM API; staff roles do. */
export const staffOnly = requireRole('admin', 'supervisor', 'agent')
export const managers = requireRole('admin', 'supervisor')
export const adminOnly = requireRole('admin')

/** Privacy (seeds: "phone numbers masked"): only admins see full numbers in responses. */
export const seesFullPhones = (role: Role | undefined) => role === 'admin'

export function phoneOut(e164: string, role: Role | undefined): string {
  return seesFullPhones(role) ? formatPhone(e164) : maskPhone(e164)
}

export function identityOut(i: Identity, role: Role | undefined): Identity {
  if (i.kind !== 'phone' || seesFullPhones(role)) return i
  const masked = maskPhone(i.value)
  return { ...i, value: masked, display: masked }
}

export function contactOut(c: Contact, role: Role | undefined): Contact {
  return c.phone && !seesFullPhones(role) ? { ...c, phone: maskPhone(c.phone) } : c
}

/** A 400 whose details name the offending body field, like schema validation errors do. */
export function invalidField(field: string, message: string) {
  return badRequest(`invalid body: ${field} ${message}`, [{ in: 'body', field, message }])
}

/** Normalizes one identity value or throws a 400 naming `field`. */
export function normalizeOrThrow(kind: IdentityKind, value: string, field: string): string {
  const n = normalizeIdentity(kind, value)
  if (!n.ok) throw invalidField(field, n.message)
  return n.value
}

/** The customer, unmerged, in the caller's tenant; 404 otherwise, 409 when it was merged away. */
export async function liveCustomer(scope: TenantScope, id: string) {
  const c = await findCustomer(scope, id)
  if (!c) throw notFound('customer')
  if (c.mergedIntoId) throw conflict(`customer was merged into ${c.mergedIntoId}`, { mergedIntoId: c.mergedIntoId })
  return c
}

/** 409 naming which identity another customer already holds. */
export function identityTaken(field: string, customerId: string) {
  return new HttpError(409, `${field.replace(/^\//, '')} already belongs to another customer`, [{ in: 'body', field, message: 'belongs to another customer', customerId }])
}

export async function audit(request: FastifyRequest, scope: TenantScope, action: string, target: string, details: Record<string, unknown> = {}) {
  await scope.insert('audit_log', { actor_id: request.auth.userId, action, target, details: JSON.stringify(details) })
}

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, m => `\\${m}`)
