import { errors, IdParams, notFound } from '@scrm/kernel'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { findCustomer, isUniqueViolation, q, toContact, toIdentity } from '../model.js'
import type { IdentityKind } from '../normalize.js'
import { audit, contactOut, identityOut, identityTaken, liveCustomer, normalizeOrThrow } from './common.js'
import { ChildParams, ContactCreate, ContactOut, ContactPatch, IdentityCreate, IdentityOut } from './schemas.js'

const tags = ['customers']

/** Identities and contacts of one customer: `/customers/:id/identities`, `/customers/:id/contacts`. */
export const customerChildRoutes: FastifyPluginAsync = async (app) => {
  app.get('/:id/identities', {
    schema: { tags, summary: 'Identities of a customer', params: IdParams, response: { 200: Type.Array(IdentityOut), ...errors(404) } },
  }, async (request) => {
    const { id } = request.params as { id: string }
    if (!await findCustomer(request.scope, id)) throw notFound('customer')
    const rows = await q.identities(request.scope).where({ customer_id: id }).orderBy(['kind', 'created_at'])
    return rows.map(r => identityOut(toIdentity(r), request.auth.role))
  })

  app.post('/:id/identities', {
    schema: { tags, summary: 'Add an identity (normalized; 409 when another customer has it)', params: IdParams, body: IdentityCreate, response: { 201: IdentityOut, ...errors(400, 404, 409) } },
  }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const b = request.body as { kind: IdentityKind, value: string, source?: string }
    const value = normalizeOrThrow(b.kind, b.value, '/value')
    const row = await request.scope.transaction(async (s) => {
      await liveCustomer(s, id)
      const existing = await q.identities(s).where({ kind: b.kind, value }).first()
      if (existing?.customer_id === id) return existing
      if (existing) throw identityTaken('/value', existing.customer_id)
      const [created] = await s.insert('identities', { customer_id: id, kind: b.kind, value, source: b.source ?? 'manual' }).returning('*')
        .catch((err) => { throw isUniqueViolation(err) ? identityTaken('/value', 'unknown') : err })
      await audit(request, s, 'customer.identity.add', `customer:${id}`, { kind: b.kind })
      return created
    })
    return reply.status(201).send(identityOut(toIdentity(row), request.auth.role))
  })

  app.delete('/:id/identities/:identityId', {
    schema: { tags, summary: 'Remove an identity', params: ChildParams('identityId'), response: { 204: Type.Null(), ...errors(404) } },
  }, async (request, reply) => {
    const { id, identityId } = request.params as { id: string, identityId: string }
    await request.scope.transaction(async (s) => {
      const n = await q.identities(s).where({ id: identityId, customer_id: id }).del()
      if (!n) throw notFound('identity')
      await audit(request, s, 'customer.identity.remove', `customer:${id}`, { identityId })
    })
    return reply.status(204).send()
  })

  app.get('/:id/contacts', {
    schema: { tags, summary: 'Contacts (people) of a customer', params: IdParams, response: { 200: Type.Array(ContactOut), ...errors(404) } },
  }, async (request) => {
    const { id } = request.params as { id: string }
    if (!await findCustomer(request.scope, id)) throw notFound('customer')
    const rows = await q.contacts(request.scope).where({ customer_id: id }).orderBy('created_at')
    return rows.map(r => contactOut(toContact(r), request.auth.role))
  })

  /** Contact phones and emails are stored normalized, like identities, so they can be matched later. */
  const contactRow = (b: Record<string, any>) => {
    const row: Record<string, unknown> = {}
    for (const k of ['name', 'title', 'notes'] as const) if (b[k] !== undefined) row[k] = b[k]
    if (b.phone !== undefined) row.phone = b.phone === null ? null : normalizeOrThrow('phone', b.phone, '/phone')
    if (b.email !== undefined) row.email = b.email === null ? null : normalizeOrThrow('email', b.email, '/email')
    return row
  }

  app.post('/:id/contacts', {
    schema: { tags, summary: 'Add a contact', params: IdParams, body: ContactCreate, response: { 201: ContactOut, ...errors(400, 404, 409) } },
  }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const row = contactRow(request.body as Record<string, unknown>)
    const created = await request.scope.transaction(async (s) => {
      await liveCustomer(s, id)
      const [r] = await s.insert('contacts', { ...row, customer_id: id }).returning('*')
      await audit(request, s, 'customer.contact.add', `customer:${id}`, { contactId: r.id })
      return r
    })
    return reply.status(201).send(contactOut(toContact(created), request.auth.role))
  })

  app.patch('/:id/contacts/:contactId', {
    schema: { tags, summary: 'Change a contact', params: ChildParams('contactId'), body: ContactPatch, response: { 200: ContactOut, ...errors(400, 404) } },
  }, async (request) => {
    const { id, contactId } = request.params as { id: string, contactId: string }
    const row = contactRow(request.body as Record<string, unknown>)
    const [updated] = await q.contacts(request.scope).where({ id: contactId, customer_id: id }).update({ ...row, updated_at: new Date() }).returning('*')
    if (!updated) throw notFound('contact')
    return contactOut(toContact(updated), request.auth.role)
  })

  app.delete('/:id/contacts/:contactId', {
    schema: { tags, summary: 'Remove a contact', params: ChildParams('contactId'), response: { 204: Type.Null(), ...errors(404) } },
  }, async (request, reply) => {
    const { id, contactId } = request.params as { id: string, contactId: string }
    const n = await q.contacts(request.scope).where({ id: contactId, customer_id: id }).del()
    if (!n) throw notFound('contact')
    return reply.status(204).send()
  })
}
