import { requireRole } from '@scrm/kernel'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { invalidate } from '../cache.js'
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

/** Writes to types, templates and statuses drop the tenant's cached settings before the answer leaves. */
export async function invalidateOnWrite(app: FastifyInstance): Promise<void> {
  app.addHook('onSend', async (request, reply) => {
    if (request.method !== 'GET' && reply.statusCode < 300 && request.auth) invalidate(request.auth.tenantId)
  })
}
