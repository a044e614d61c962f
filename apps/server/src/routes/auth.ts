import { errors, notFound, unauthorized } from '@scrm/kernel'
import { type Database, Tenant, tenantScope, User } from '@scrm/store'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { verifyPassword } from '../auth/password.js'
import { signToken } from '../auth/token.js'

const UserOut = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  locale: Type.String(),
})
const TenantOut = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() })

export const userOut = (u: User) => ({ id: u.id, username: u.username, displayName: u.display_name, role: u.role, locale: u.locale })
export const tenantOut = (t: Tenant) => ({ id: t.id, slug: t.slug, name: t.name })

export function authRoutes(deps: { db: Database, secret: string }): FastifyPluginAsync {
  return async (app) => {
    app.post('/auth/login', {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Log in with tenant, username and password; returns a bearer token',
        body: Type.Object({
          tenant: Type.String({ minLength: 1, maxLength: 64 }),
          username: Type.String({ minLength: 1, maxLength: 100 }),
          password: Type.String({ minLength: 1, maxLength: 200 }),
        }, { additionalProperties: false }),
        response: { 200: Type.Object({ token: Type.String(), user: UserOut, tenant: TenantOut }), ...errors(400, 401) },
      },
    }, async (request) => {
      const { tenant: slug, username, password } = request.body as { tenant: string, username: string, password: string }
      const tenant = await Tenant.query(deps.db.knex).findOne({ slug })
      const user = tenant && await tenantScope(tenant.id, deps.db.knex).query(User).findOne({ username, active: true })
      // Same answer for unknown tenant, unknown user and wrong password: nothing to enumerate.
      if (!tenant || !user || !(await verifyPassword(user.password_hash, password)))
        throw unauthorized('wrong tenant, username or password')
      return {
        token: signToken({ t: tenant.id, u: user.id, r: user.role }, deps.secret),
        user: userOut(user),
        tenant: tenantOut(tenant),
      }
    })

    app.get('/auth/me', {
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user and tenant',
        response: { 200: Type.Object({ user: UserOut, tenant: TenantOut }), ...errors(401) },
      },
    }, async (request) => {
      const user = await request.scope.query(User).findById(request.auth.userId)
      const tenant = await Tenant.query(deps.db.knex).findById(request.auth.tenantId)
      if (!user || !tenant) throw notFound('user')
      return { user: userOut(user), tenant: tenantOut(tenant) }
    })
  }
}
