import { definePlugin } from '@scrm/kernel'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestPlatform, type TestPlatform, type TestTenant } from './testing.js'

/** A plugin with a channel, a route and a table of its own, as a tenant would switch it on and off. */
const hello = definePlugin({
  name: 'hello-channel',
  version: '1.2.3',
  dependsOn: ['core'],
  setup({ channels, routes, migrations }) {
    channels.register({ id: 'hello', label: { 'zh-CN': '你好渠道', 'en-US': 'Hello channel' } })
    migrations.register({
      name: '001_hello',
      up: knex => knex.schema.createTable('hello_greetings', (t) => { t.uuid('tenant_id').notNullable(); t.string('text') }),
    })
    routes.register({
      prefix: '/hello',
      plugin: async (app) => {
        app.get('/', async request => ({ tenant: request.auth.tenantId, greetings: await request.scope.table('hello_greetings') }))
      },
    })
  },
})

describeDatabases('per-tenant plugin enablement through the API', (kind) => {
  let p: TestPlatform
  let a: TestTenant
  let b: TestTenant

  beforeAll(async () => {
    p = await startTestPlatform(kind, {}, { plugins: [hello] })
    a = await p.tenant()
    b = await p.tenant()
  })
  afterAll(() => p?.close())

  it('runs the plugin\'s own migrations in its own table', async () => {
    const rows = await p.db.knex('knex_migrations__hello_channel').select('name')
    expect(rows.map(r => r.name)).toEqual(['001_hello'])
  })

  it('lists the plugin with its contributions', async () => {
    const res = await a.api('GET', '/api/plugins')
    expect(res.body).toContainEqual(expect.objectContaining({ name: 'hello-channel', version: '1.2.3', enabled: true, dependsOn: ['core'], contributions: { channels: 1, routes: 1, migrations: 1 } }))
  })

  it('disabling hides routes and contributions from that tenant at once, without a restart', async () => {
    expect((await a.api('GET', '/api/hello')).status).toBe(200)
    expect((await a.api('GET', '/api/extensions/channels')).body.map((c: any) => c.item.id)).toContain('hello')

    const off = await a.api('PUT', '/api/plugins/hello-channel', { enabled: false })
    expect(off.status).toBe(200)
    expect(off.body.enabled).toBe(false)
    expect((await a.api('GET', '/api/hello')).status).toBe(404)
    expect((await a.api('GET', '/api/extensions/channels')).body.map((c: any) => c.item.id)).not.toContain('hello')

    // Tenant B is untouched.
    expect((await b.api('GET', '/api/hello')).status).toBe(200)

    // The choice is stored: a fresh load of the choices keeps it.
    const stored = await p.db.knex('tenant_plugins').where({ tenant_id: a.tenantId, plugin: 'hello-channel' }).first()
    expect(stored.enabled).toBe(false)

    expect((await a.api('PUT', '/api/plugins/hello-channel', { enabled: true })).body.enabled).toBe(true)
    expect((await a.api('GET', '/api/hello')).status).toBe(200)
  })

  it('only an admin may switch plugins, and core stays on', async () => {
    const agent = await a.user('agent')
    expect((await agent.api('PUT', '/api/plugins/hello-channel', { enabled: false })).status).toBe(403)
    const core = await a.api('PUT', '/api/plugins/core', { enabled: false })
    expect(core.status).toBe(400)
    expect(core.body.message).toMatch(/required/)
  })
})
