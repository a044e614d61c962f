import { conflict, errors, IdParams, notFound, requireRole } from '@scrm/kernel'
import { ROLES, User } from '@scrm/store'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { hashPassword } from '../auth/password.js'

const Role = Type.Union(ROLES.map(r => Type.Literal(r)))
const UserOut = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  role: Type.String(),
  active: Type.Boolean(),
  locale: Type.String(),
})
const out = (u: User) => ({ id: u.id, username: u.username, displayName: u.display_name, email: u.email ?? null, phone: u.phone ?? null, role: u.role, active: u.active, locale: u.locale })

const UserPatch = {
  displayName: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.Union([Type.String({ format: 'email', maxLength: 320 }), Type.Null()]),
  phone: Type.Union([Type.String({ maxLength: 32 }), Type.Null()]),
  role: Role,
  locale: Type.Union([Type.Literal('zh-CN'), Type.Literal('en-US')]),
  password: Type.String({ minLength: 8, maxLength: 200 }),
  active: Type.Boolean(),
}

function toRow(body: Record<string, unknown>) {
  const row: Record<string, unknown> = {}
  if (body.displayName !== undefined) row.display_name = body.displayName
  for (const k of ['email', 'phone', 'role', 'locale', 'active'] as const) {
    if (body[k] !== undefined) row[k] = body[k]
  }
  return row
}

export const userRoutes: FastifyPluginAsync = async (app) => {
  app.get('/users', {
    schema: { tags: ['users'], summary: 'Users of this tenant', response: { 200: Type.Array(UserOut) } },
  }, async request => (await request.scope.query(User).orderBy('username')).map(out))

  app.get('/users/:id', {
    schema: { tags: ['users'], summary: 'One user', params: IdParams, response: { 200: UserOut, ...errors(404) } },
  }, async (request) => {
    const user = await request.scope.query(User).findById((request.params as { id: string }).id)
    if (!user) throw notFound('user')
    return out(user)
  })

  app.post('/users', {
    preHandler: requireRole('admin'),
    schema: {
      tags: ['users'],
      summary: 'Create a user (admin)',
      body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\w.@-]+$' }), ...UserPatch, email: Type.Optional(UserPatch.email), phone: Type.Optional(UserPatch.phone), locale: Type.Optional(UserPatch.locale), active: Type.Optional(UserPatch.active) }, { additionalProperties: false }),
      response: { 201: UserOut, ...errors(400, 403, 409) },
    },
  }, async (request, reply) => {
    const body = request.body as Record<string, any>
    if (await request.scope.query(User).findOne({ username: body.username })) throw conflict(`username "${body.username}" is taken`)
    const user = await request.scope.query(User).insertAndFetch({ username: body.username, ...toRow(body), password_hash: await hashPassword(body.password) } as Partial<User>)
    return reply.status(201).send(out(user))
  })

  app.patch('/users/:id', {
    preHandler: requireRole('admin'),
    schema: {
      tags: ['users'],
      summary: 'Change a user (admin)',
      params: IdParams,
      body: Type.Partial(Type.Object(UserPatch), { additionalProperties: false, minProperties: 1 }),
      response: { 200: UserOut, ...errors(400, 403, 404) },
    },
  }, async (request) => {
    const body = request.body as Record<string, any>
    const patch = { ...toRow(body), updated_at: new Date(), ...(body.password ? { password_hash: await hashPassword(body.password) } : {}) }
    const user = await request.scope.query(User).patchAndFetchById((request.params as { id: string }).id, patch as Partial<User>)
    if (!user) throw notFound('user')
    return out(user)
  })
}
