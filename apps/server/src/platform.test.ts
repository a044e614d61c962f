import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestPlatform, type TestPlatform, type TestTenant } from './testing.js'

describeDatabases('platform API', (kind) => {
  let p: TestPlatform
  let a: TestTenant
  let b: TestTenant

  beforeAll(async () => {
    p = await startTestPlatform(kind)
    a = await p.tenant('tenant-a')
    b = await p.tenant('tenant-b')
  })
  afterAll(() => p?.close())

  it('health reports status, database and plugins without a login', async () => {
    const res = await p.inject({ method: 'GET', url: '/api/health' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'ok', db: kind.dialect })
    expect(res.body.plugins).toContainEqual({ name: 'core', version: expect.any(String) })
  })

  it('logs in with tenant, username and password; wrong ones get one 401 answer', async () => {
    const ok = await p.inject({ method: 'POST', url: '/api/auth/login', payload: { tenant: 'tenant-a', username: 'admin', password: 'admin-pass-1' } })
    expect(ok.status).toBe(200)
    expect(ok.body.tenant.slug).toBe('tenant-a')
    const me = await p.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${ok.body.token}` } })
    expect(me.body.user.username).toBe('admin')
    for (const payload of [
      { tenant: 'tenant-a', username: 'admin', password: 'nope' },
      { tenant: 'tenant-b', username: 'ghost', password: 'admin-pass-1' },
      { tenant: 'nowhere', username: 'admin', password: 'admin-pass-1' },
    ]) {
      const res = await p.inject({ method: 'POST', url: '/api/auth/login', payload })
      expect(res.status).toBe(401)
      expect(res.body).toEqual({ error: 'Unauthorized', message: 'wrong tenant, username or password' })
    }
  })

  it('every /api route but the public ones needs a valid token', async () => {
    expect((await p.inject({ method: 'GET', url: '/api/users' })).status).toBe(401)
    const forged = await p.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${a.token.slice(0, -2)}xx` } })
    expect(forged.status).toBe(401)
    expect(forged.body.error).toBe('Unauthorized')
  })

  it('a user of tenant A gets 404 for every resource id of tenant B', async () => {
    const bAgent = await b.user('agent')
    const list = await a.api('GET', '/api/users')
    expect(list.body.map((u: { id: string }) => u.id)).not.toContain(bAgent.id)
    expect((await a.api('GET', `/api/users/${bAgent.id}`)).status).toBe(404)
    expect((await a.api('PATCH', `/api/users/${bAgent.id}`, { displayName: 'x' })).status).toBe(404)
    expect((await b.api('GET', `/api/users/${bAgent.id}`)).status).toBe(200)
  })

  it('only admins manage users', async () => {
    const agent = await a.user('agent')
    const res = await agent.api('POST', '/api/users', { username: 'x1', displayName: 'X', role: 'agent', password: '12345678' })
    expect(res.status).toBe(403)
    const created = await a.api('POST', '/api/users', { username: '张三', displayName: '张三', role: 'agent', password: '12345678' })
    expect(created.status).toBe(400) // usernames are ASCII handles; display names carry Chinese
    const ok = await a.api('POST', '/api/users', { username: 'zhangsan', displayName: '张三', role: 'agent', password: '12345678' })
    expect(ok.status).toBe(201)
    expect(ok.body).not.toHaveProperty('password_hash')
    expect((await a.api('POST', '/api/users', { username: 'zhangsan', displayName: '张三', role: 'agent', password: '12345678' })).status).toBe(409)
  })

  it('bad input is a 4xx JSON error, never a 5xx', async () => {
    const cases: Array<[string, string, unknown, Record<string, string>?]> = [
      ['POST', '/api/users', '{"username": "x",', { 'content-type': 'application/json' }],
      ['POST', '/api/users', { username: 'x', displayName: 'X', role: 'agent', password: 12345678 }],
      ['POST', '/api/users', { username: 'x', displayName: 'X', role: 'king', password: '12345678' }],
      ['POST', '/api/users', { username: 'x', displayName: 'X', role: 'agent', password: '12345678', isRoot: true }],
      ['POST', '/api/users', { username: 'x', displayName: 'X', role: 'agent', password: '12345678', pad: 'x'.repeat(2 * 1024 * 1024) }],
      ['POST', '/api/users', 'plain text', { 'content-type': 'text/plain' }],
      ['GET', '/api/users/not-a-uuid', undefined],
      ['PATCH', '/api/users/00000000-0000-4000-8000-000000000000', {}],
      ['GET', '/api/no-such-route', undefined],
      ['PUT', '/api/plugins/core', { enabled: false }],
      ['PUT', '/api/plugins/ghost', { enabled: true }],
      ['GET', '/api/extensions/bogus', undefined],
    ]
    for (const [method, url, body, headers] of cases) {
      const res = await a.api(method, url, body, headers ? { headers } : {})
      expect(res.status, `${method} ${url}`).toBeGreaterThanOrEqual(400)
      expect(res.status, `${method} ${url}`).toBeLessThan(500)
      expect(res.body, `${method} ${url}`).toMatchObject({ error: expect.any(String), message: expect.any(String) })
    }
    const unknownField = await a.api('POST', '/api/users', { username: 'x', displayName: 'X', role: 'agent', password: '12345678', isRoot: true })
    expect(unknownField.body.details[0].field).toBe('/isRoot')
    const tooBig = await a.api('POST', '/api/users', { pad: 'x'.repeat(2 * 1024 * 1024) })
    expect(tooBig.status).toBe(413)
  })

  it('serves OpenAPI 3 listing every route', async () => {
    const res = await p.inject({ method: 'GET', url: '/docs/json' })
    expect(res.status).toBe(200)
    expect(res.body.openapi).toMatch(/^3\./)
    const documented = Object.entries(res.body.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map(m => `${m.toUpperCase()} ${path}`))
    const routes = p.app.printRoutes({ commonPrefix: false })
    for (const expected of ['GET /api/health', 'POST /api/auth/login', 'GET /api/users/{id}', 'PUT /api/plugins/{name}', 'GET /api/extensions/{point}'])
      expect(documented).toContain(expected)
    expect(routes).toContain('/api/users')
  })
})
