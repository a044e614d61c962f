import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PluginDefinition } from '@scrm/kernel'
import type { Role } from '@scrm/store'
import type { TestDatabaseKind } from '@scrm/store/testing'
import type { InjectOptions } from 'fastify'
import { signToken } from './auth/token.js'
import { configFromEnv, type ServerConfig } from './config.js'
import { createPlatform, type Platform } from './platform.js'
import { createTenant } from './tenants.js'
import { tenantScope, User } from '@scrm/store'
import { hashPassword } from './auth/password.js'

export interface ApiResponse<T = any> {
  status: number
  body: T
  headers: Record<string, unknown>
}

export interface TestUser {
  id: string
  token: string
  /** Calls the API as this user through fastify's inject (a full HTTP pipeline without a socket). */
  api: <T = any>(method: string, url: string, body?: unknown, extra?: Partial<InjectOptions>) => Promise<ApiResponse<T>>
}

export interface TestTenant extends TestUser {
  tenantId: string
  slug: string
  /** Adds a user with the given role to this tenant. */
  user: (role: Role, username?: string) => Promise<TestUser>
}

export interface TestPlatform extends Platform {
  /** A new tenant with an admin; the returned handle calls the API as that admin. */
  tenant: (slug?: string) => Promise<TestTenant>
  inject: (opts: InjectOptions) => Promise<ApiResponse>
}

let counter = 0

/**
 * The real platform (all plugins, migrations, routes) on a throw-away database, for route tests.
 * `kind` comes from `describeDatabases`, so the same test runs on PGlite and PostgreSQL.
 */
export async function startTestPlatform(kind: TestDatabaseKind, overrides: Partial<ServerConfig> = {}, options: { plugins?: PluginDefinition[], skipDiscovered?: string[] } = {}): Promise<TestPlatform> {
  const db = await kind.open()
  const config = configFromEnv({ ...process.env, LOG_LEVEL: 'silent', SCRM_SECRET: 'test-secret' }, {
    dataDir: mkdtempSync(join(tmpdir(), 'scrm-test-')),
    webDir: undefined,
    pluginConditions: ['source', 'import', 'default'],
    ...overrides,
  })
  const platform = await createPlatform(config, { db, logger: false, seed: false, plugins: options.plugins, skipDiscovered: options.skipDiscovered })
  const secret = config.secret!

  const inject = async (opts: InjectOptions): Promise<ApiResponse> => {
    const res = await platform.app.inject(opts)
    let body: unknown = res.body
    if ((res.headers['content-type'] ?? '').toString().includes('json') && res.body) body = JSON.parse(res.body)
    return { status: res.statusCode, body, headers: res.headers }
  }
  const caller = (token: string): TestUser['api'] => (method, url, body, extra = {}) => inject({
    method: method as InjectOptions['method'],
    url,
    headers: { authorization: `Bearer ${token}`, ...(extra.headers ?? {}) },
    ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
    ...extra,
  } as InjectOptions)

  const tenant = async (slug = `t${++counter}-${Date.now().toString(36)}`): Promise<TestTenant> => {
    const { tenant: t, admin } = await createTenant(platform.db.knex, platform.kernel, { slug, name: slug, admin: { username: 'admin', password: 'admin-pass-1' } })
    const mkUser = (id: string, role: Role): TestUser => {
      const token = signToken({ t: t.id, u: id, r: role }, secret)
      return { id, token, api: caller(token) }
    }
    const adminUser = mkUser(admin.id, 'admin')
    return {
      ...adminUser,
      tenantId: t.id,
      slug: t.slug,
      user: async (role, username = `${role}${++counter}`) => {
        const u = await tenantScope(t.id, platform.db.knex).query(User).insert({ username, display_name: username, role, password_hash: await hashPassword('user-pass-1') })
        return mkUser(u.id, role)
      },
    }
  }

  const close = async () => {
    await platform.close()
    rmSync(config.dataDir, { recursive: true, force: true })
  }
  return { ...platform, tenant, inject, close }
}
