import { requireRole } from '@scrm/kernel'
import type { FastifyRequest } from 'fastify'
import type { Actor } from '../model.js'

/** Portal customers never reach the staff API; they have the portal. */
export const staffOnly = requireRole('admin', 'supervisor', 'agent')
export const adminOnly = requireRole('admin')

export const userActor = (request: FastifyRequest): Actor => ({ kind: 'user', id: request.auth.userId })

export const tags = (t: string) => ({ tags: [t] })

/** Header `Idempotency-Key`: 1–255 visible ASCII characters (Stripe / IETF draft style). */
export function idempotencyKey(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key']
  if (raw === undefined) return undefined
  return Array.isArray(raw) ? raw[0] : raw
}
