import { conflict, errors, IdParams, notFound, type PluginHost, requireRole } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import type { RoutingCache } from '../cache.js'
import { getSettings, toDictionary, toRule, UUID_RE } from '../store.js'
import { closed, DictCreate, DictOut, DictPatch, RuleCreate, RuleOut, RulePatch, SettingsIn, SettingsOut } from './schemas.js'
import { checkPool, checkStrategy, checkWhen, invalid } from './validate.js'

type Row = Record<string, any>
const admins = requireRole('admin', 'supervisor')
const idOf = (r: { params: unknown }) => (r.params as { id: string }).id

async function one(scope: TenantScope, table: string, id: string, what: string): Promise<Row> {
  const row = UUID_RE.test(id) ? await scope.table(table).where({ id }).first() : undefined
  if (!row) throw notFound(what)
  return row
}

export const ruleColumns = (b: Row): Row => {
  const out: Row = {}
  const map: Record<string, string> = { name: 'name', enabled: 'enabled', position: 'position', strategy: 'strategy', raisePriority: 'raise_priority' }
  for (const [k, c] of Object.entries(map)) if (b[k] !== undefined) out[c] = b[k]
  for (const [k, c] of [['when', 'condition'], ['pool', 'pool'], ['config', 'config']]) if (b[k] !== undefined) out[c] = b[k] === null ? null : JSON.stringify(b[k])
  if (b.keywords !== undefined) out.keywords = b.keywords
  if (b.tags !== undefined) out.tags = b.tags
  return out
}

/** Rules (ordered), keyword dictionaries and settings under `/api/routing`. Writes: admins and supervisors. */
export function configRoutes(host: PluginHost, cache: RoutingCache): FastifyPluginAsync {
  return async (app) => {
    // Whatever changed, the next decision in this process sees it (other processes: the cache TTL).
    app.addHook('onSend', async (r, reply) => { if (r.method !== 'GET' && reply.statusCode < 400) cache.invalidate(r.auth.tenantId) })
    const tags = ['routing']
    const checkRule = async (r: { scope: TenantScope, auth: { tenantId: string } }, b: Row) => {
      checkWhen(b.when)
      checkStrategy(host, r.auth.tenantId, b.strategy)
      await checkPool(r.scope, b.pool)
    }

    app.get('/rules', { schema: { tags, summary: 'Routing rules in evaluation order (first match wins)', response: { 200: Type.Array(RuleOut) } } },
      async r => (await r.scope.table('routing_rules').orderBy(['position', 'id'])).map(toRule))
    app.get('/rules/:id', { schema: { tags, summary: 'One rule', params: IdParams, response: { 200: RuleOut, ...errors(404) } } },
      async r => toRule(await one(r.scope, 'routing_rules', idOf(r), 'rule')))
    app.post('/rules', { preHandler: admins, schema: { tags, summary: 'Add a rule (at the end unless position is given)', body: RuleCreate, response: { 201: RuleOut, ...errors(400, 403) } } },
      async (r, reply) => {
        const b = r.body as Row
        await checkRule(r, b)
        const last = await r.scope.table('routing_rules').max({ p: 'position' }).first()
        const [row] = await r.scope.insert('routing_rules', { ...ruleColumns(b), position: b.position ?? (Number(last?.p ?? 0) + 10) }).returning('*')
        return reply.status(201).send(toRule(row))
      })
    app.patch('/rules/:id', { preHandler: admins, schema: { tags, summary: 'Change a rule', params: IdParams, body: RulePatch, response: { 200: RuleOut, ...errors(400, 403, 404) } } },
      async (r) => {
        const current = await one(r.scope, 'routing_rules', idOf(r), 'rule')
        const b = r.body as Row
        await checkRule(r, b)
        const [row] = await r.scope.table('routing_rules').where({ id: current.id }).update({ ...ruleColumns(b), updated_at: new Date() }).returning('*')
        return toRule(row)
      })
    app.delete('/rules/:id', { preHandler: admins, schema: { tags, summary: 'Delete a rule', params: IdParams, response: { 204: Type.Null(), ...errors(403, 404) } } },
      async (r, reply) => {
        await r.scope.table('routing_rules').where({ id: (await one(r.scope, 'routing_rules', idOf(r), 'rule')).id }).del()
        return reply.status(204).send()
      })
    app.put('/rules/order', {
      preHandler: admins,
      schema: { tags, summary: 'Reorder: every rule id, in the new evaluation order', body: Type.Object({ ids: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 1000, uniqueItems: true }) }, closed), response: { 200: Type.Array(RuleOut), ...errors(400, 403) } },
    }, async (r) => {
      const { ids } = r.body as { ids: string[] }
      return r.scope.transaction(async (s) => {
        const existing = new Set((await s.table('routing_rules').select('id')).map((x: Row) => x.id))
        const bad = ids.findIndex(id => !existing.has(id))
        if (bad >= 0) throw invalid(`/ids/${bad}`, 'is not a rule')
        if (ids.length !== existing.size) throw invalid('/ids', `must list all ${existing.size} rules`)
        for (const [i, id] of ids.entries()) await s.table('routing_rules').where({ id }).update({ position: (i + 1) * 10, updated_at: new Date() })
        return (await s.table('routing_rules').orderBy(['position', 'id'])).map(toRule)
      })
    })

    const dictCols = (b: Row): Row => {
      const out: Row = {}
      for (const [k, c] of [['key', 'key'], ['name', 'name'], ['match', 'match'], ['tagPrefix', 'tag_prefix'], ['enabled', 'enabled']]) if (b[k] !== undefined) out[c] = b[k]
      if (b.entries !== undefined) out.entries = JSON.stringify(b.entries)
      return out
    }
    const dupKey = (err: unknown) => ((err as { code?: string }).code === '23505' ? conflict('dictionary key already exists', [{ in: 'body', field: '/key', message: 'already exists' }]) : err)
    app.get('/dictionaries', { schema: { tags, summary: 'Keyword dictionaries (model numbers, fault codes …) that tag tickets on intake', response: { 200: Type.Array(DictOut) } } },
      async r => (await r.scope.table('routing_dictionaries').orderBy('key')).map(toDictionary))
    app.get('/dictionaries/:id', { schema: { tags, summary: 'One dictionary', params: IdParams, response: { 200: DictOut, ...errors(404) } } },
      async r => toDictionary(await one(r.scope, 'routing_dictionaries', idOf(r), 'dictionary')))
    app.post('/dictionaries', { preHandler: admins, schema: { tags, summary: 'Add a dictionary', body: DictCreate, response: { 201: DictOut, ...errors(400, 403, 409) } } },
      async (r, reply) => {
        try { return reply.status(201).send(toDictionary((await r.scope.insert('routing_dictionaries', dictCols(r.body as Row)).returning('*'))[0])) }
        catch (err) { throw dupKey(err) }
      })
    app.patch('/dictionaries/:id', { preHandler: admins, schema: { tags, summary: 'Change a dictionary', params: IdParams, body: DictPatch, response: { 200: DictOut, ...errors(400, 403, 404, 409) } } },
      async (r) => {
        const current = await one(r.scope, 'routing_dictionaries', idOf(r), 'dictionary')
        try { return toDictionary((await r.scope.table('routing_dictionaries').where({ id: current.id }).update({ ...dictCols(r.body as Row), updated_at: new Date() }).returning('*'))[0]) }
        catch (err) { throw dupKey(err) }
      })
    app.delete('/dictionaries/:id', { preHandler: admins, schema: { tags, summary: 'Delete a dictionary', params: IdParams, response: { 204: Type.Null(), ...errors(403, 404) } } },
      async (r, reply) => {
        await r.scope.table('routing_dictionaries').where({ id: (await one(r.scope, 'routing_dictionaries', idOf(r), 'dictionary')).id }).del()
        return reply.status(204).send()
      })

    app.get('/settings', { schema: { tags, summary: 'Routing settings of the tenant', response: { 200: SettingsOut } } }, async r => getSettings(r.scope))
    app.put('/settings', { preHandler: admins, schema: { tags, summary: 'Change routing settings (properties given replace)', body: SettingsIn, response: { 200: SettingsOut, ...errors(400, 403) } } },
      async (r) => {
        const b = r.body as Row
        if (b.fallback) {
          checkStrategy(host, r.auth.tenantId, b.fallback.strategy, '/fallback/strategy')
          await checkPool(r.scope, b.fallback.pool, '/fallback/pool')
        }
        const next = { ...await getSettings(r.scope), ...b }
        await r.scope.insert('routing_settings', { settings: JSON.stringify(next) }).onConflict('tenant_id').merge({ settings: JSON.stringify(next), updated_at: new Date() })
        return next
      })
  }
}
