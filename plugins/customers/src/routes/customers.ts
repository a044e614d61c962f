import { conflict, errors, IdParams, notFound } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { INTAKE_FIELDS } from '../match.js'
import { type Customer, findCustomer, isForeignKeyViolation, isUniqueViolation, q, toAsset, toContact, toCustomer, toIdentity, toOpportunity } from '../model.js'
import type { CardViewer, CustomersService } from '../service.js'
import { adminOnly, audit, contactOut, identityOut, identityTaken, liveCustomer, managers, normalizeOrThrow } from './common.js'
import { CustomerCard, CustomerCreate, CustomerListItem, CustomerOut, CustomerPatch, CustomerQuery, MergeBody, MergeOut } from './schemas.js'
import { type CustomerSearch, searchCustomers } from './search.js'

const tags = ['customers']

/** The 360° card: the customer's own data plus sections other plugins contribute (tickets …). */
export async function buildCard(scope: TenantScope, service: CustomersService, customer: Customer, viewer: CardViewer, log: FastifyBaseLogger) {
  const id = customer.id
  // Sequential: inside a transaction all queries share one connection anyway.
  const identities = await q.identities(scope).where({ customer_id: id }).orderBy(['kind', 'created_at'])
  const contacts = await q.contacts(scope).where({ customer_id: id }).orderBy('created_at')
  const opportunities = await q.opportunities(scope).where({ customer_id: id }).orderBy('updated_at', 'desc')
  const assets = await q.assets(scope).where({ customer_id: id }).orderBy('serial')
  const sections: Record<string, unknown> = {}
  for (const section of service.cardSections.list()) {
    // One failing contribution must not take the whole card down.
    try { sections[section.key] = await section.load(scope, customer, viewer) }
    catch (err) {
      log.error({ err, section: section.key }, 'customer card section failed')
      sections[section.key] = { error: 'unavailable' }
    }
  }
  return {
    customer,
    identities: identities.map(r => identityOut(toIdentity(r), viewer.role)),
    contacts: contacts.map(r => contactOut(toContact(r), viewer.role)),
    opportunities: opportunities.map(toOpportunity),
    assets: assets.map(toAsset),
    sections,
  }
}

export function customerRoutes(service: CustomersService): FastifyPluginAsync {
  return async (app) => {
    app.get('/', {
      schema: { tags, summary: 'Search customers by name, phone (any format or 4+ digits), email, tag, tier, region', querystring: CustomerQuery, response: { 200: Type.Object({ items: Type.Array(CustomerListItem), total: Type.Integer() }), ...errors(400) } },
    }, async request => searchCustomers(request.scope, request.query as CustomerSearch, request.auth.role))

    app.post('/', {
      schema: { tags, summary: 'Create a customer with its identities', body: CustomerCreate, response: { 201: CustomerCard, ...errors(400, 409) } },
    }, async (request, reply) => {
      const b = request.body as Record<string, any>
      const kind = b.kind ?? (b.companyName ? 'company' : 'person')
      const wanted = INTAKE_FIELDS.filter(([field]) => b[field]).map(([field, idKind]) => ({ field: `/${field}`, kind: idKind, value: normalizeOrThrow(idKind, b[field], `/${field}`) }))
      // A company is found by its name on intake, so its name is an identity too.
      if (kind === 'company' && !b.companyName) wanted.push({ field: '/name', kind: 'company_name', value: normalizeOrThrow('company_name', b.name, '/name') })
      const card = await request.scope.transaction(async (s) => {
        const taken = wanted.length ? await q.identities(s).whereIn(['kind', 'value'], wanted.map(w => [w.kind, w.value])).first() : undefined
        if (taken) throw identityTaken(wanted.find(w => w.kind === taken.kind && w.value === taken.value)!.field, taken.customer_id)
        const [row] = await s.insert('customers', {
          kind, name: b.name.trim(), tier: b.tier ?? null, tags: b.tags ?? [], region: b.region ?? null, owner_id: b.ownerId ?? null,
        }).returning('*')
        if (wanted.length) {
          await s.insert('identities', wanted.map(w => ({ customer_id: row.id, kind: w.kind, value: w.value, source: 'manual' })))
            .catch((err) => { throw isUniqueViolation(err) ? conflict('an identity of this customer was just taken by another customer') : err })
        }
        await audit(request, s, 'customer.create', `customer:${row.id}`)
        return buildCard(s, service, toCustomer(row), request.auth, request.log)
      })
      return reply.status(201).send(card)
    })

    app.get('/:id', {
      schema: { tags, summary: 'Customer card: identities, contacts, opportunities, assets and plugin sections', params: IdParams, response: { 200: CustomerCard, ...errors(404) } },
    }, async (request) => {
      const customer = await findCustomer(request.scope, (request.params as { id: string }).id)
      if (!customer) throw notFound('customer')
      return buildCard(request.scope, service, customer, request.auth, request.log)
    })

    app.patch('/:id', {
      schema: { tags, summary: 'Change a customer', params: IdParams, body: CustomerPatch, response: { 200: CustomerOut, ...errors(400, 404, 409) } },
    }, async (request) => {
      const { id } = request.params as { id: string }
      const b = request.body as Record<string, any>
      await liveCustomer(request.scope, id)
      const patch: Record<string, unknown> = { updated_at: new Date() }
      for (const [k, col] of [['kind', 'kind'], ['name', 'name'], ['tier', 'tier'], ['tags', 'tags'], ['region', 'region'], ['ownerId', 'owner_id']] as const) {
        if (b[k] !== undefined) patch[col] = k === 'name' ? b.name.trim() : b[k]
      }
      return request.scope.transaction(async (s) => {
        const [row] = await q.customers(s).where({ id }).update(patch).returning('*')
        await audit(request, s, 'customer.update', `customer:${id}`, { fields: Object.keys(b) })
        return toCustomer(row)
      })
    })

    app.delete('/:id', {
      preHandler: adminOnly,
      schema: { tags, summary: 'Delete a customer with its identities, contacts and opportunities (admin)', params: IdParams, response: { 204: Type.Null(), ...errors(403, 404, 409) } },
    }, async (request, reply) => {
      const { id } = request.params as { id: string }
      await request.scope.transaction(async (s) => {
        if (!await findCustomer(s, id)) throw notFound('customer')
        try { await q.customers(s).where({ id }).del() }
        catch (err) {
          if (isForeignKeyViolation(err)) throw conflict('customer is still referenced (tickets …): merge it instead of deleting')
          throw err
        }
        await audit(request, s, 'customer.delete', `customer:${id}`)
      })
      return reply.status(204).send()
    })

    app.post('/:id/merge', {
      preHandler: managers,
      schema: { tags, summary: 'Merge this duplicate into another customer (identities, contacts, opportunities, assets, tickets move)', params: IdParams, body: MergeBody, response: { 200: MergeOut, ...errors(400, 403, 404, 409) } },
    }, async (request) => {
      const { id } = request.params as { id: string }
      return service.merge(request.scope, id, (request.body as { intoId: string }).intoId, { actorId: request.auth.userId })
    })
  }
}
