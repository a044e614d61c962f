import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestPlatform, type TestPlatform, type TestTenant } from '../testing.js'
import { writeTarball } from './tar.js'

/** A plugin package as `npm pack` lays it out: plain ESM, a table of its own, one route. */
function greeterTarball(pkg: string, name: string, prefix: string, version = '1.0.0', welcome = false) {
  const hook = welcome ? `async onTenantCreated({ tenantId, db }) { await db(${JSON.stringify(`${name}_greetings`)}).insert({ tenant_id: tenantId, text: 'welcome' }) },` : ''
  const code = `export default {
  name: ${JSON.stringify(name)}, version: ${JSON.stringify(version)}, ${hook}
  setup({ migrations, routes }) {
    migrations.register({ name: '001_greetings', up: k => k.schema.createTable(${JSON.stringify(`${name}_greetings`)}, t => { t.uuid('tenant_id').notNullable(); t.string('text') }), down: k => k.schema.dropTable(${JSON.stringify(`${name}_greetings`)}) })
    routes.register({ prefix: ${JSON.stringify(prefix)}, plugin: async (app) => {
      app.post('/', { schema: { body: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', minLength: 1 } } } } },
        async (request, reply) => { await request.scope.insert(${JSON.stringify(`${name}_greetings`)}, { text: request.body.text }); return reply.status(201).send({ ok: true }) })
      app.get('/', async request => request.scope.table(${JSON.stringify(`${name}_greetings`)}).select('text'))
    } })
  },
}
`
  return writeTarball([
    { path: 'package/package.json', content: Buffer.from(JSON.stringify({ name: pkg, version, type: 'module', exports: { '.': { default: './dist/index.js' } }, scrm: { plugin: true } })) },
    { path: 'package/dist/index.js', content: Buffer.from(code) },
  ])
}

const upload = (t: TestTenant, body: Buffer, type = 'application/gzip') =>
  // `extra` replaces the headers inject would send: the token goes along explicitly.
  t.api('POST', '/api/plugins/install', body, { headers: { 'content-type': type, 'authorization': `Bearer ${t.token}` } })

describeDatabases('runtime plugin install and uninstall', (kind) => {
  let p: TestPlatform
  let a: TestTenant
  let b: TestTenant
  let rootDir: string

  beforeAll(async () => {
    // A root without workspace plugins: these tests are about install mechanics, and need none.
    rootDir = mkdtempSync(join(tmpdir(), 'scrm-install-root-'))
    mkdirSync(join(rootDir, 'plugins'))
    p = await startTestPlatform(kind, { rootDir, maxPluginUploadBytes: 8 * 1024 })
    a = await p.tenant()
    b = await p.tenant()
  })
  afterAll(async () => {
    await p?.close()
    rmSync(rootDir, { recursive: true, force: true })
  })

  it('installs a tarball for one tenant without a restart; other tenants see nothing of it', async () => {
    const res = await upload(a, greeterTarball('scrm-plugin-greeter', 'greeter', '/greeter'))
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body).toEqual({ name: 'greeter', packageName: 'scrm-plugin-greeter', version: '1.0.0' })
    expect(existsSync(join(p.config.dataDir, 'plugins/scrm-plugin-greeter/1.0.0/dist/index.js'))).toBe(true)

    expect((await a.api('POST', '/api/x/greeter', { text: '你好' })).status).toBe(201)
    expect((await a.api('GET', '/api/x/greeter')).body).toEqual([{ text: '你好' }])
    // The plugin router validates and answers in the platform's error format.
    const bad = await a.api('POST', '/api/x/greeter', { text: '' })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ error: 'Bad Request', details: [expect.objectContaining({ field: '/text' })] })
    expect((await p.inject({ method: 'GET', url: '/api/x/greeter' })).status).toBe(401)

    expect((await b.api('GET', '/api/x/greeter')).status).toBe(404)
    expect((await b.api('GET', '/api/plugins')).body.map((x: { name: string }) => x.name)).not.toContain('greeter')
    expect((await a.api('GET', '/api/plugins')).body.find((x: { name: string }) => x.name === 'greeter')).toMatchObject({ enabled: true })
    expect((await b.api('PUT', '/api/plugins/greeter', { enabled: true })).status).toBe(404)
    expect((await b.api('DELETE', '/api/plugins/greeter')).status).toBe(404)
  })

  it('refuses a second install of the same plugin and another version while one is loaded', async () => {
    expect((await upload(a, greeterTarball('scrm-plugin-greeter', 'greeter', '/greeter'))).status).toBe(409)
    const other = await upload(b, greeterTarball('scrm-plugin-greeter', 'greeter', '/greeter', '2.0.0'))
    expect(other.status).toBe(409)
    expect(other.body.message).toMatch(/1\.0\.0 is installed/)
  })

  it('refuses bad uploads with 4xx JSON and writes nothing', async () => {
    const traversal = await upload(a, writeTarball([{ path: 'package/../../evil.js', content: Buffer.from('x') }]))
    expect(traversal.status).toBe(400)
    expect(traversal.body).toMatchObject({ error: 'Bad Request', details: [expect.objectContaining({ field: 'archive/package/../../evil.js' })] })
    const big = await upload(a, Buffer.alloc(9 * 1024, 1))
    expect(big.status).toBe(413)
    expect(big.body.error).toBe('Payload Too Large')
    const noName = await upload(a, writeTarball([{ path: 'package/package.json', content: Buffer.from('{"name":"x","version":"1.0.0"}') }]))
    expect(noName.body.details[0].field).toBe('package.json/name')
    const throwing = await upload(a, writeTarball([
      { path: 'package/package.json', content: Buffer.from(JSON.stringify({ name: 'scrm-plugin-broken', version: '1.0.0', type: 'module', main: 'index.js', scrm: { plugin: true } })) },
      { path: 'package/index.js', content: Buffer.from('export default { name: "broken", version: "1.0.0", setup() { throw new Error("no config") } }') },
    ]))
    expect(throwing.status).toBe(400)
    expect(throwing.body.message).toMatch(/broken.*no config/)
    expect(existsSync(join(p.config.dataDir, 'plugins/scrm-plugin-broken'))).toBe(true)
    expect(existsSync(join(p.config.dataDir, 'plugins/scrm-plugin-broken/1.0.0'))).toBe(false)
    expect((await a.api('POST', '/api/plugins/install', { package: 'scrm-plugin-not-here' })).status).toBe(404)
    expect((await a.api('POST', '/api/plugins/install', { nope: 1 })).status).toBe(400)
    const agent = await a.user('agent')
    expect((await upload(agent as TestTenant, greeterTarball('scrm-plugin-x', 'x', '/x'))).status).toBe(403)
  })

  it('uninstalls: the route answers 404, the data stays; purge drops the tables', async () => {
    expect((await a.api('DELETE', '/api/plugins/greeter')).status).toBe(204)
    expect((await a.api('GET', '/api/x/greeter')).status).toBe(404)
    expect(p.kernel.plugin('greeter')).toBeUndefined()
    expect(await p.db.knex.schema.hasTable('greeter_greetings')).toBe(true)
    expect((await a.api('DELETE', '/api/plugins/greeter')).status).toBe(404)

    expect((await upload(a, greeterTarball('scrm-plugin-waver', 'waver', '/waver'))).status).toBe(201)
    expect((await upload(b, greeterTarball('scrm-plugin-waver', 'waver', '/waver'))).status).toBe(201)
    expect((await b.api('POST', '/api/x/waver', { text: 'hi' })).status).toBe(201)
    expect((await a.api('DELETE', '/api/plugins/waver?purge=true')).status).toBe(409)
    expect((await a.api('DELETE', '/api/plugins/waver')).status).toBe(204)
    expect((await a.api('GET', '/api/x/waver')).status).toBe(404)
    expect((await b.api('GET', '/api/x/waver')).body).toEqual([{ text: 'hi' }])
    expect((await b.api('DELETE', '/api/plugins/waver?purge=true')).status).toBe(204)
    expect(await p.db.knex.schema.hasTable('waver_greetings')).toBe(false)
    expect(existsSync(join(p.config.dataDir, 'plugins/scrm-plugin-waver/1.0.0'))).toBe(false)
  })

  it('two tenants uploading the same package at once both get it, loaded once', async () => {
    const tarball = greeterTarball('scrm-plugin-twice', 'twice', '/twice')
    const [ra, rb] = await Promise.all([upload(a, tarball), upload(b, tarball)])
    expect([ra.status, rb.status]).toEqual([201, 201])
    expect((await a.api('POST', '/api/x/twice', { text: 'a' })).status).toBe(201)
    expect((await b.api('GET', '/api/x/twice')).body).toEqual([])
    expect((await a.api('GET', '/api/plugins/installed')).body).toEqual([{ name: 'twice', packageName: 'scrm-plugin-twice', version: '1.0.0' }])
    expect(existsSync(join(p.config.dataDir, 'plugins/scrm-plugin-twice/1.0.0/dist/index.js'))).toBe(true)
  })

  it('runs the per-tenant hook for tenants that install it, not for tenants created later', async () => {
    expect((await upload(a, greeterTarball('scrm-plugin-welcomer', 'welcomer', '/welcomer', '1.0.0', true))).status).toBe(201)
    expect((await a.api('GET', '/api/x/welcomer')).body).toEqual([{ text: 'welcome' }])
    const later = await p.tenant()
    expect(await p.db.knex('welcomer_greetings').where({ tenant_id: later.tenantId })).toEqual([])
    expect((await upload(later, greeterTarball('scrm-plugin-welcomer', 'welcomer', '/welcomer', '1.0.0', true))).status).toBe(201)
    expect((await later.api('GET', '/api/x/welcomer')).body).toEqual([{ text: 'welcome' }])
  })

  it('takes the tarball as the multipart part "file" too (what a browser form sends)', async () => {
    const form = (name: string, content: Buffer) => {
      const boundary = '----scrmplugin'
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"; filename="p.tgz"\r\ncontent-type: application/gzip\r\n\r\n`),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ])
      return { body, type: `multipart/form-data; boundary=${boundary}` }
    }
    const ok = form('file', greeterTarball('scrm-plugin-formed', 'formed', '/formed'))
    const res = await upload(a, ok.body, ok.type)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect((await a.api('GET', '/api/x/formed')).status).toBe(200)
    const wrong = form('archive', greeterTarball('scrm-plugin-other', 'other', '/other'))
    expect((await upload(a, wrong.body, wrong.type)).body.details[0].field).toBe('/archive')
    const big = form('file', Buffer.alloc(9 * 1024, 1))
    const tooBig = await upload(a, big.body, big.type)
    expect(tooBig.status).toBe(413)
    expect(tooBig.body.details[0].field).toBe('/file')
  })

  it('installs a package put into node_modules while the server runs, by name', async () => {
    const dir = join(rootDir, 'node_modules', 'scrm-plugin-nm')
    mkdirSync(join(dir, 'dist'), { recursive: true })
    const code = 'export default { name: "nm", version: "2.0.0", setup({ routes }) { routes.register({ prefix: "/nm", plugin: async (app) => { app.get("/", async request => ({ tenant: request.auth.tenantId })) } }) } }'
    writeFileSync(join(dir, 'dist/index.js'), code)
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scrm-plugin-nm', version: '2.0.0', type: 'module', main: 'dist/index.js', scrm: { plugin: true }, dependencies: { lodash: '4' } }))
    const res = await a.api('POST', '/api/plugins/install', { package: 'scrm-plugin-nm' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect((await a.api('GET', '/api/x/nm')).body).toEqual({ tenant: a.tenantId })
    expect((await b.api('GET', '/api/x/nm')).status).toBe(404)
    for (const name of ['../etc', '@../scrm-plugin-nm', 'scrm-plugin-..', 'left-pad'])
      expect((await a.api('POST', '/api/plugins/install', { package: name })).status, name).toBe(404)
    expect((await a.api('DELETE', '/api/plugins/nm')).status).toBe(204)
    // Not its files to remove: the package stays in node_modules.
    expect(existsSync(join(dir, 'dist/index.js'))).toBe(true)
  })

  it('refuses to unload a plugin another installed plugin depends on', async () => {
    const child = writeTarball([
      { path: 'package/package.json', content: Buffer.from(JSON.stringify({ name: 'scrm-plugin-child', version: '1.0.0', type: 'module', main: 'index.js', scrm: { plugin: true } })) },
      { path: 'package/index.js', content: Buffer.from('export default { name: "child", version: "1.0.0", dependsOn: ["base"], setup() {} }') },
    ])
    expect((await upload(a, child)).status).toBe(400)
    expect((await upload(a, greeterTarball('scrm-plugin-base', 'base', '/base'))).status).toBe(201)
    expect((await upload(a, child)).status).toBe(201)
    const refused = await a.api('DELETE', '/api/plugins/base')
    expect(refused.status).toBe(409)
    expect(refused.body.message).toMatch(/needed by child/)
    expect((await a.api('GET', '/api/x/base')).status).toBe(200)
    expect((await a.api('DELETE', '/api/plugins/child')).status).toBe(204)
    expect((await a.api('DELETE', '/api/plugins/base')).status).toBe(204)
  })

  it('a plugin whose migration fails is not loaded and leaves no files', async () => {
    const res = await upload(a, writeTarball([
      { path: 'package/package.json', content: Buffer.from(JSON.stringify({ name: 'scrm-plugin-badmig', version: '1.0.0', type: 'module', main: 'index.js', scrm: { plugin: true } })) },
      { path: 'package/index.js', content: Buffer.from('export default { name: "badmig", version: "1.0.0", setup({ migrations }) { migrations.register({ name: "001", up: k => k.raw("select * from no_such_table") }) } }') },
    ]))
    expect(res.status).toBe(400)
    expect(res.body.message).toMatch(/badmig/)
    expect(p.kernel.plugin('badmig')).toBeUndefined()
    expect(existsSync(join(p.config.dataDir, 'plugins/scrm-plugin-badmig/1.0.0'))).toBe(false)
    expect((await a.api('GET', '/api/plugins/installed')).body.map((x: { name: string }) => x.name)).not.toContain('badmig')
  })
})
