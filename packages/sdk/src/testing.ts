/**
 * `@scrm/sdk/testing` — the real platform for a plugin's tests: every workspace plugin, real
 * migrations and HTTP pipeline, on a throw-away embedded database, with a fresh tenant that has
 * the plugins under test installed the way a tenant admin's upload installs them (routes under
 * `/api/x<prefix>`). Depends on `@scrm/server` one way: the server never imports the SDK.
 *
 * @packageDocumentation
 */
import { loadOrder, type PluginDefinition } from '@scrm/kernel'
import { type ApiResponse, startTestPlatform, type TestPlatform, type TestTenant } from '@scrm/server/testing'
import { type TestDatabaseKind, testDatabaseKinds } from '@scrm/store/testing'
import type { InjectOptions } from 'fastify'

/** A response (status, parsed JSON body, headers) and a tenant handle (`api`, `user(role)`) as the kit returns them. */
export type { ApiResponse, TestTenant }

/** What `createPluginTestbed` boots: the plugins under test, their configuration, the database. */
export interface PluginTestbedOptions {
  /** The plugins under test (usually the default export of `./index.js`). */
  plugins: PluginDefinition[]
  /** Operator configuration per plugin name, as `SCRM_PLUGIN_CONFIG` would give it. */
  config?: Record<string, Record<string, unknown>>
  /** Which database: the embedded one in memory by default; pass a kind from `describeDatabases` to run on PostgreSQL too. */
  database?: TestDatabaseKind
}

/** A running platform with a tenant that has the plugins installed, and ways to call it. */
export interface PluginTestbed {
  /** The running platform (kernel, database, fastify app) for assertions that need them. */
  platform: TestPlatform
  /** A fresh tenant with the plugins installed, and its admin. */
  tenant: TestTenant
  tenantId: string
  /** Bearer token of the tenant's admin. */
  token: string
  /** Calls the API as the tenant's admin through fastify's inject (the full pipeline, no socket). */
  api: <T = any>(method: string, url: string, body?: unknown, extra?: Partial<InjectOptions>) => Promise<ApiResponse<T>>
  /** A raw request without a token (public routes, 401 checks). */
  inject: (opts: InjectOptions) => Promise<ApiResponse>
  /**
   * Real HTTP over 127.0.0.1: the platform starts listening on first use. Sends the admin's
   * token unless `init.headers` has an authorization of its own.
   */
  fetch: (path: string, init?: RequestInit) => Promise<Response>
  /** Another tenant; `install: false` gives one without the plugins (isolation tests: expect 404). */
  newTenant: (options?: { install?: boolean }) => Promise<TestTenant>
  /** Stops the platform and drops the database. */
  close: () => Promise<void>
}

/**
 * Boots the platform with `plugins` installed for a fresh tenant.
 *
 * @example
 * const bed = await createPluginTestbed({ plugins: [plugin] })
 * const res = await bed.api('POST', '/api/x/hello/intake', { title: 'Hi' })
 * await bed.close()
 */
export async function createPluginTestbed(options: PluginTestbedOptions): Promise<PluginTestbed> {
  // Dependencies outside the set (tickets, core …) are the platform's, loaded already.
  const ordered = loadOrder(options.plugins, options.plugins.flatMap(d => d.dependsOn ?? []))
  const kind = options.database ?? testDatabaseKinds()[0]
  const platform = await startTestPlatform(kind, options.config ? { pluginConfig: options.config } : {}, { skipDiscovered: ordered.map(d => d.name) })
  try {
    const newTenant = async ({ install = true } = {}) => {
      const t = await platform.tenant()
      if (install) for (const def of ordered) await platform.runtime.attach(t.tenantId, def)
      return t
    }
    const tenant = await newTenant()
    let base: string | undefined
    return {
      platform,
      tenant,
      tenantId: tenant.tenantId,
      token: tenant.token,
      api: tenant.api,
      inject: platform.inject,
      async fetch(path, init = {}) {
        base ??= await platform.app.listen({ port: 0, host: '127.0.0.1' })
        const headers = new Headers(init.headers)
        if (!headers.has('authorization')) headers.set('authorization', `Bearer ${tenant.token}`)
        return fetch(new URL(path, base), { ...init, headers })
      },
      newTenant,
      close: () => platform.close(),
    }
  }
  catch (err) {
    await platform.close()
    throw err
  }
}
