import { diffVersions, hasErrors, type FlowIR } from '@scrm/flow'
import { badRequest, conflict, errors, IdParams, notFound, type PluginHost, requireRole } from '@scrm/kernel'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import type { FlowRuntime } from '../flow-runtime.js'
import { draftToIR, validateForTenant } from '../flow-validation.js'
import { FlowListQuery, FlowPage, listFlows, statusOf } from './flow-list.js'
import { AnyObject, DESIGNERS, emptyBody, flowOut, Json, STAFF, versionOut } from './shared.js'

const Key = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][\\w.-]*$' })
const FlowBody = Type.Object({
  key: Key,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  graph: Type.Optional(AnyObject),
}, { additionalProperties: false })
const FlowPatch = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  graph: Type.Optional(AnyObject),
  /** The flow's lockVersion as the client last saw it: a stale save is a 409, not a lost edit. */
  expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
}, { additionalProperties: false, minProperties: 1 })
const VersionParams = Type.Object({ id: Type.String({ format: 'uuid' }), version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })
const DiffQuery = Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })
const FlowOut = Type.Object({}, { additionalProperties: true })

export function flowRoutes(runtime: FlowRuntime, host: PluginHost): FastifyPluginAsync {
  return async (app) => {
    const tags = ['flows']
    const id = (r: FastifyRequest) => (r.params as { id: string }).id
    const load = async (r: FastifyRequest) => {
      const flow = await r.scope.table('flows').where('id', id(r)).first()
      if (!flow) throw notFound('flow')
      return flow
    }
    const validateDraft = (r: FastifyRequest, ir: FlowIR) => validateForTenant(ir, r.auth.tenantId, host, runtime.sandbox)

    app.get('/', {
      preHandler: requireRole(...STAFF),
      schema: {
        tags, summary: 'Flows of this tenant: summaries, a page at a time',
        description: 'Summaries only (no drafts), ordered by key; `q` searches key and name, `key` matches one key exactly. The draft is in GET /flows/:id.',
        querystring: FlowListQuery, response: { 200: FlowPage, ...errors(400) },
      },
    }, async r => listFlows(r.scope, r.query as Static<typeof FlowListQuery>))

    app.post('/', { preHandler: requireRole(...DESIGNERS), schema: { tags, summary: 'Create a flow (draft)', body: FlowBody, response: { 201: FlowOut, ...errors(400, 403, 409) } } },
      async (r, reply) => {
        const b = r.body as { key: string, name: string, description?: string | null, graph?: object }
        if (await r.scope.table('flows').where('key', b.key).first('id')) throw conflict(`flow key "${b.key}" is taken`)
        const [row] = await r.scope.insert('flows', { key: b.key, name: b.name, description: b.description ?? null, graph: JSON.stringify(b.graph ?? { nodes: [], edges: [] }), updated_by: r.auth.userId }).returning('*')
        return reply.status(201).send({ ...flowOut(row), status: 'draft' })
      })

    app.get('/:id', { preHandler: requireRole(...STAFF), schema: { tags, summary: 'One flow with its draft', params: IdParams, response: { 200: FlowOut, ...errors(404) } } },
      async (r) => {
        const flow = await load(r)
        return { ...flowOut(flow), status: await statusOf(r.scope, flow) }
      })

    app.patch('/:id', { preHandler: requireRole(...DESIGNERS), schema: { tags, summary: 'Save the draft', params: IdParams, body: FlowPatch, response: { 200: FlowOut, ...errors(400, 403, 404, 409) } } },
      async (r) => {
        const b = r.body as { name?: string, description?: string | null, graph?: object, expectedVersion?: number }
        const flow = await load(r)
        const patch: Record<string, unknown> = { lock_version: flow.lock_version + 1, updated_at: new Date(), updated_by: r.auth.userId }
        if (b.name !== undefined) patch.name = b.name
        if (b.description !== undefined) patch.description = b.description
        if (b.graph !== undefined) Object.assign(patch, { graph: JSON.stringify(b.graph), draft_updated_at: new Date() })
        const q = r.scope.table('flows').where('id', flow.id).where('lock_version', b.expectedVersion ?? flow.lock_version)
        const [row] = await q.update(patch).returning('*')
        if (!row) throw conflict(`flow was changed meanwhile (lockVersion ${flow.lock_version})`, { lockVersion: flow.lock_version })
        return { ...flowOut(row), status: await statusOf(r.scope, row) }
      })

    app.delete('/:id', { preHandler: requireRole(...DESIGNERS), schema: { tags, summary: 'Delete a flow that never ran', params: IdParams, response: { 204: Type.Null(), ...errors(403, 404, 409) } } },
      async (r, reply) => {
        const flow = await load(r)
        const used = await r.scope.table('instances').where('flow_key', flow.key).first('id')
        if (used) throw conflict('flow has instances; it cannot be deleted')
        await r.scope.table('flows').where('id', flow.id).delete()
        return reply.status(204).send()
      })

    app.post('/:id/validate', {
      preValidation: emptyBody,
      preHandler: requireRole(...DESIGNERS),
      schema: { tags, summary: 'Validate the draft (or the graph sent)', params: IdParams, body: Type.Object({ graph: Type.Optional(AnyObject) }, { additionalProperties: false }), response: { 200: Type.Object({ ok: Type.Boolean(), diagnostics: Type.Array(Json) }), ...errors(404) } },
    }, async (r) => {
      const flow = await load(r)
      const graph = (r.body as { graph?: object } | undefined)?.graph ?? flow.graph
      const diagnostics = await validateDraft(r, safeIR(graph, flow, (flow.latest_version ?? 0) + 1))
      return { ok: !hasErrors(diagnostics), diagnostics }
    })

    app.post('/:id/publish', {
      preValidation: emptyBody,
      preHandler: requireRole(...DESIGNERS),
      schema: {
        tags, summary: 'Freeze the draft as a new immutable version',
        description: '201 with the new version. A draft that compiles to the same IR as the latest version (published again without changes) creates nothing: 200 with that version and `unchanged: true`.',
        params: IdParams, body: Type.Object({ expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
        response: { 200: FlowOut, 201: FlowOut, ...errors(400, 403, 404, 409) },
      },
    }, async (r, reply) => {
      const expected = (r.body as { expectedVersion?: number } | undefined)?.expectedVersion
      const flow = await load(r)
      if (expected !== undefined && expected !== flow.lock_version) throw conflict(`flow was changed meanwhile (lockVersion ${flow.lock_version})`, { lockVersion: flow.lock_version })
      const version = (flow.latest_version ?? 0) + 1
      const ir = safeIR(flow.graph, flow, version)
      const diagnostics = await validateDraft(r, ir)
      if (hasErrors(diagnostics)) throw badRequest('the flow has errors and cannot be published', { diagnostics })
      if (flow.latest_version) {
        const latest = await r.scope.table('flow_versions').where({ flow_id: flow.id, version: flow.latest_version }).first()
        if (latest && sameIR(latest.ir, ir)) return reply.status(200).send({ ...versionOut(latest, true), diagnostics, unchanged: true })
      }
      const row = await r.scope.transaction(async (s) => {
        // The flow row's lock serializes publishers; the version number cannot be taken twice.
        const locked = await s.table('flows').where('id', flow.id).where('lock_version', flow.lock_version).forUpdate().first('id')
        if (!locked) throw conflict('flow was changed while publishing; try again')
        const [v] = await s.insert('flow_versions', { flow_id: flow.id, flow_key: flow.key, version, ir: JSON.stringify(ir), published_by: r.auth.userId }).returning('*')
        await s.table('flows').where('id', flow.id).update({ latest_version: version, updated_at: new Date() })
        return v
      })
      return reply.status(201).send({ ...versionOut(row, true), diagnostics })
    })

    app.get('/:id/versions', { preHandler: requireRole(...STAFF), schema: { tags, summary: 'Published versions', params: IdParams, response: { 200: Type.Array(FlowOut), ...errors(404) } } },
      async (r) => {
        const flow = await load(r)
        return (await r.scope.table('flow_versions').where('flow_id', flow.id).orderBy('version', 'desc').select('id', 'flow_id', 'flow_key', 'version', 'published_at', 'published_by')).map((v: any) => versionOut(v))
      })

    app.get('/:id/versions/:version', { preHandler: requireRole(...STAFF), schema: { tags, summary: 'One published version with its IR', params: VersionParams, response: { 200: FlowOut, ...errors(404) } } },
      async (r) => {
        const flow = await load(r)
        const v = await r.scope.table('flow_versions').where({ flow_id: flow.id, version: (r.params as { version: number }).version }).first()
        if (!v) throw notFound('flow version')
        return versionOut(v, true)
      })

    app.get('/:id/diff', { preHandler: requireRole(...STAFF), schema: { tags, summary: 'What changed between two versions', params: IdParams, querystring: DiffQuery, response: { 200: FlowOut, ...errors(400, 404) } } },
      async (r) => {
        const flow = await load(r)
        const { from, to } = r.query as { from: number, to: number }
        const rows = await r.scope.table('flow_versions').where('flow_id', flow.id).whereIn('version', [from, to]).select('version', 'ir')
        const a = rows.find((v: any) => v.version === from)
        const b = rows.find((v: any) => v.version === to)
        if (!a || !b) throw notFound(`flow version ${!a ? from : to}`)
        return { from, to, ...diffVersions(a.ir, b.ir) }
      })
  }
}

/** A draft that cannot even be compiled is reported as a diagnostic, not a 500. */
function safeIR(graph: unknown, flow: { key: string, name: string }, version: number): FlowIR {
  try { return draftToIR(graph, { key: flow.key, version, name: flow.name }) }
  catch (err) { return { key: flow.key, version, nodes: [{ id: '', type: '' }], edges: [], __error: String(err) } as FlowIR }
}

/** Same flow apart from its version number; key order does not count (jsonb stores keys sorted). */
function sameIR(a: unknown, b: FlowIR): boolean {
  const canonical = (v: unknown): unknown => Array.isArray(v)
    ? v.map(canonical)
    : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map(k => [k, canonical((v as Record<string, unknown>)[k])])) : v
  return JSON.stringify(canonical({ ...(a as object), version: 0 })) === JSON.stringify(canonical({ ...b, version: 0 }))
}
