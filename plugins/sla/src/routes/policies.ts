import type { CalendarProvider } from '@scrm/calendar'
import { conflict, errors, IdParams, notFound, requireRole } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import type { PolicyDefinition } from '../policy.js'
import { validatePolicy } from '../validate.js'
import { PolicyBody, PolicyOut, PolicyPut } from './schemas.js'

const tags = ['sla']
const staffOnly = requireRole('admin', 'supervisor', 'agent')
const adminOnly = requireRole('admin')
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function out(r: Record<string, any>) {
  const d = r.definition as PolicyDefinition
  return {
    ...d, id: r.id, version: r.version, name: r.name, position: r.position, condition: r.condition ?? null, active: r.active,
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  }
}

/** Stored as given (minus the request-only expectedVersion), with the columns lists sort and filter on. */
export function policyColumns(d: PolicyDefinition & { expectedVersion?: number }, now: Date) {
  const { expectedVersion: _, ...definition } = d
  const normalized = { ...definition, condition: d.condition ?? null, position: d.position ?? 0, active: d.active ?? true }
  return {
    name: d.name, position: normalized.position, condition: d.condition === undefined || d.condition === null ? null : JSON.stringify(d.condition),
    definition: JSON.stringify(normalized), active: normalized.active, updated_at: now,
  }
}

async function find(scope: TenantScope, id: string) {
  const row = UUID.test(id) ? await scope.table('sla_policies').where({ id }).first() : undefined
  if (!row) throw notFound('SLA policy')
  return row
}

/**
 * `/api/sla/policies`: read by staff, written by admins. A change applies to tickets whose SLA
 * starts afterwards; running clocks keep the policy they started with.
 */
export function policyRoutes(calendars: CalendarProvider, now: () => Date, routing: (tenantId: string) => boolean): FastifyPluginAsync {
  return async (app) => {
    app.addHook('preHandler', staffOnly)

    app.get('/', {
      schema: { tags, summary: 'SLA policies in evaluation order (first match wins; the default last)', response: { 200: Type.Array(PolicyOut) } },
    }, async (request) => {
      const rows = await request.scope.table('sla_policies').orderByRaw('(condition is null), position, created_at, id')
      return rows.map(out)
    })

    app.get('/:id', { schema: { tags, summary: 'One SLA policy', params: IdParams, response: { 200: PolicyOut, ...errors(404) } } }, async request =>
      out(await find(request.scope, (request.params as { id: string }).id)))

    app.post('/', {
      preHandler: adminOnly,
      schema: { tags, summary: 'Create an SLA policy', body: PolicyBody, response: { 201: PolicyOut, ...errors(400, 403, 409) } },
    }, async (request, reply) => {
      const body = request.body as PolicyDefinition
      const row = await request.scope.transaction(async (s) => {
        await validatePolicy(s, calendars, body, { routing: routing(s.tenantId) })
        const [r] = await s.insert('sla_policies', { ...policyColumns(body, now()), created_at: now() }).returning('*')
        return r
      })
      return reply.status(201).send(out(row))
    })

    app.put('/:id', {
      preHandler: adminOnly,
      schema: { tags, summary: 'Replace an SLA policy (expectedVersion: the version you edited; stale → 409)', params: IdParams, body: PolicyPut, response: { 200: PolicyOut, ...errors(400, 403, 404, 409) } },
    }, async (request) => {
      const { id } = request.params as { id: string }
      const body = request.body as PolicyDefinition & { expectedVersion?: number }
      return request.scope.transaction(async (s) => {
        const current = await find(s, id)
        if (body.expectedVersion !== undefined && body.expectedVersion !== current.version)
          throw conflict(`SLA policy was changed by someone else (version ${current.version}, you had ${body.expectedVersion})`, { currentVersion: current.version })
        await validatePolicy(s, calendars, body, { routing: routing(s.tenantId) }, id)
        const [r] = await s.table('sla_policies').where({ id }).update({ ...policyColumns(body, now()), version: current.version + 1 }).returning('*')
        return out(r)
      })
    })

    app.delete('/:id', {
      preHandler: adminOnly,
      schema: { tags, summary: 'Delete an SLA policy (running clocks keep their copy)', params: IdParams, response: { 204: Type.Null(), ...errors(403, 404) } },
    }, async (request, reply) => {
      const { id } = request.params as { id: string }
      await find(request.scope, id)
      await request.scope.table('sla_policies').where({ id }).del()
      return reply.status(204).send()
    })
  }
}
