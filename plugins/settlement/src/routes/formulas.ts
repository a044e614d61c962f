import { badRequest, conflict, errors, HttpError, I18nTextSchema, notFound, requireRole } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { type SettlementDeps, tenantLimits } from '../deps.js'
import { CUSTOM_PREFIX, findFormula, type FormulaInfo, fromRow, listFormulas } from '../formulas/catalog.js'
import { checkFormula, evaluateFormula } from '../formulas/run.js'
import { checkSchema } from '../value-schema.js'

const tags = ['settlement']
const staffOnly = requireRole('admin', 'supervisor', 'agent')
const adminOnly = requireRole('admin')
const Json = Type.Object({}, { additionalProperties: true })

const FormulaOut = Type.Object({
  id: Type.String(), name: I18nTextSchema, description: Type.Optional(I18nTextSchema), inputs: Json, params: Json, source: Type.String(),
  custom: Type.Boolean(), version: Type.Optional(Type.Integer()), createdAt: Type.Optional(Type.String()), updatedAt: Type.Optional(Type.String()),
})
const FormulaBody = Type.Object({
  key: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,63}$' }),
  name: I18nTextSchema,
  inputs: Json,
  params: Type.Optional(Json),
  source: Type.String({ minLength: 1, maxLength: 20000 }),
}, { additionalProperties: false })
const FormulaPut = Type.Omit(FormulaBody, ['key'], { additionalProperties: false })
const IdParam = Type.Object({ id: Type.String({ maxLength: 100 }) })
const EvaluateBody = Type.Object({ inputs: Json, params: Type.Optional(Json) }, { additionalProperties: false })

/** `name` is what the UI shows (the kernel contract calls it `label`). */
const out = ({ label, ...f }: FormulaInfo & { createdAt?: string, updatedAt?: string }) => ({ ...f, name: label })

const invalid = (field: string, message: string) => badRequest(`invalid body: ${field} ${message}`, [{ in: 'body', field, message }])

interface FormulaWrite { key?: string, name: { 'zh-CN': string, 'en-US': string }, inputs: Record<string, unknown>, params?: Record<string, unknown>, source: string }

/** Schemas are this plugin's subset; the source must compile in the sandbox that will run it (400 with V8's diagnostic). */
async function checkWrite(deps: SettlementDeps, scope: TenantScope, body: FormulaWrite) {
  for (const [field, schema] of [['inputs', body.inputs], ['params', body.params ?? {}]] as const) {
    const p = checkSchema(schema)
    if (p.length) throw invalid(`/${field}${p[0].path}`, p[0].message)
  }
  const box = await deps.sandbox().catch((err: Error) => { throw new HttpError(503, `formula sandbox unavailable: ${err.message}`) })
  const diagnostic = await checkFormula(box.withLimits(await tenantLimits(deps, scope)), body.source)
  if (diagnostic) throw invalid('/source', diagnostic)
}

async function findCustom(scope: TenantScope, id: string) {
  const row = id.startsWith(CUSTOM_PREFIX) ? await scope.table('settlement_formulas').where({ key: id.slice(CUSTOM_PREFIX.length) }).first() : undefined
  if (!row) throw notFound('custom formula')
  return row
}

const columns = (b: FormulaWrite) => ({ name: JSON.stringify(b.name), inputs: JSON.stringify(b.inputs), params: JSON.stringify(b.params ?? {}), source: b.source })

/**
 * `/api/settlement/formulas`: the plugins' formulas and the tenant's own (`custom.<key>`), with
 * their names in both languages. Admins write their own; `evaluate` tries one on given inputs.
 */
export function formulaRoutes(deps: SettlementDeps): FastifyPluginAsync {
  return async (app) => {
    app.addHook('preHandler', staffOnly)
    const id = (r: FastifyRequest) => (r.params as { id: string }).id

    app.get('/', { schema: { tags, summary: 'Settlement formulas available to this tenant', response: { 200: Type.Array(FormulaOut) } } }, async request =>
      (await listFormulas(deps.host, request.scope)).map(out))

    app.get('/:id', { schema: { tags, summary: 'One formula', params: IdParam, response: { 200: FormulaOut, ...errors(404) } } }, async (request) => {
      const f = await findFormula(deps.host, request.scope, id(request))
      if (!f) throw notFound('formula')
      return out(f)
    })

    app.post('/', {
      preHandler: adminOnly,
      schema: { tags, summary: 'Create a tenant formula (syntax-checked in the sandbox)', body: FormulaBody, response: { 201: FormulaOut, ...errors(400, 403, 409) } },
    }, async (request, reply) => {
      const body = request.body as FormulaWrite
      await checkWrite(deps, request.scope, body)
      const row = await request.scope.transaction(async (s) => {
        if (await s.table('settlement_formulas').where({ key: body.key }).first('id')) throw conflict(`formula ${CUSTOM_PREFIX}${body.key} exists`, [{ in: 'body', field: '/key', message: 'is taken' }])
        const [r] = await s.insert('settlement_formulas', { key: body.key, ...columns(body) }).returning('*')
        return r
      })
      return reply.status(201).send(out(fromRow(row)))
    })

    app.put('/:id', {
      preHandler: adminOnly,
      schema: { tags, summary: 'Replace a tenant formula (rules use it from the next resolution)', params: IdParam, body: FormulaPut, response: { 200: FormulaOut, ...errors(400, 403, 404) } },
    }, async (request) => {
      const current = await findCustom(request.scope, id(request))
      const body = request.body as FormulaWrite
      await checkWrite(deps, request.scope, body)
      const [r] = await request.scope.table('settlement_formulas').where({ id: current.id })
        .update({ ...columns(body), version: current.version + 1, updated_at: new Date() }).returning('*')
      return out(fromRow(r))
    })

    app.delete('/:id', {
      preHandler: adminOnly,
      schema: { tags, summary: 'Delete a tenant formula no rule uses', params: IdParam, response: { 204: Type.Null(), ...errors(403, 404, 409) } },
    }, async (request, reply) => {
      const current = await findCustom(request.scope, id(request))
      const used = await request.scope.table('settlement_rules').where({ formula_id: id(request) }).first('id', 'name')
      if (used) throw conflict(`formula is used by rule "${used.name}"`, { ruleId: used.id })
      await request.scope.table('settlement_formulas').where({ id: current.id }).del()
      return reply.status(204).send()
    })

    app.post('/:id/evaluate', {
      schema: {
        tags, summary: 'Run a formula on given inputs and params (422 with the failure)', params: IdParam, body: EvaluateBody,
        response: { 200: Type.Object({ amountFen: Type.Integer() }), ...errors(404, 422) },
      },
    }, async (request) => {
      const f = await findFormula(deps.host, request.scope, id(request))
      if (!f) throw notFound('formula')
      const body = request.body as { inputs: Record<string, unknown>, params?: Record<string, unknown> }
      const box = await deps.sandbox().catch((err: Error) => { throw new HttpError(503, `formula sandbox unavailable: ${err.message}`) })
      const r = await evaluateFormula(box, f, body.inputs, body.params ?? {}, await tenantLimits(deps, request.scope))
      if (!r.ok) throw new HttpError(422, `formula failed (${r.code}): ${r.message}`, { code: r.code })
      return { amountFen: r.amountFen }
    })
  }
}
