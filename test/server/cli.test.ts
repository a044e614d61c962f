import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPostgresTestDatabase } from '@scrm/store/testing'
import { describe, expect, it } from 'vitest'
import { startServer } from '../e2e/helpers/server'

async function login(url: string, password: string) {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'demo', username: 'admin', password }) })
  return { status: res.status, body: await res.json() as { token: string } }
}

describe('scrm start (the built server, as `npm start` runs it)', () => {
  it('first start seeds the demo tenant with demo content and prints a generated password once; a restart keeps the data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'scrm-cli-'))
    const env = { SCRM_DATA_DIR: dataDir, SCRM_ADMIN_PASSWORD: '', SCRM_DEMO_TEMPLATE: 'appliance-repair' }
    const get = async (url: string, token: string, path: string) => (await fetch(`${url}/api${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<any>
    const first = await startServer({ env, timeoutMs: 120_000 })
    const password = /password: (\S+)/.exec(first.logs())?.[1]
    expect(password, first.logs()).toMatch(/^[A-Za-z0-9]{16}$/)
    const { body } = await login(first.url, password!)
    const created = await fetch(`${first.url}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'authorization': `Bearer ${body.token}` },
      body: JSON.stringify({ username: 'lisi', displayName: '李四', role: 'agent', password: 'lisi-pass-1' }),
    })
    expect(created.status).toBe(201)
    // The demo content: 家电售后 installed with its demo data, through the public API.
    const types = await get(first.url, body.token, '/ticket-types') as Array<{ key: string }>
    expect(types.map(t => t.key), first.logs().slice(-3000)).toContain('appliance-repair')
    const tickets = (await get(first.url, body.token, '/tickets')).items as unknown[]
    expect(tickets.length).toBeGreaterThan(0)
    await first.stop()
    expect(first.logs()).toMatch(/shutting down/)

    const second = await startServer({ env, timeoutMs: 120_000 })
    try {
      expect(second.logs()).not.toMatch(/first start/)
      const again = await login(second.url, password!)
      expect(again.status).toBe(200)
      const users = await (await fetch(`${second.url}/api/users`, { headers: { authorization: `Bearer ${again.body.token}` } })).json() as Array<{ username: string }>
      expect(users.map(u => u.username).sort()).toEqual(['admin', 'lisi'])
      // Nothing seeded twice: the same tickets as before the restart.
      expect(((await get(second.url, again.body.token, '/tickets')).items as unknown[]).length).toBe(tickets.length)
    }
    finally { await second.stop() }
  }, 300_000)

  it('serves the login page in Chinese at / and the OpenAPI document at /docs/json', async () => {
    const server = await startServer()
    try {
      const page = await (await fetch(`${server.url}/`)).text()
      expect(page).toContain('lang="zh-CN"')
      const spa = await fetch(`${server.url}/workbench/some/deep/link`)
      expect(spa.status).toBe(200)
      expect(await spa.text()).toContain('<div id="root">')
      const doc = await (await fetch(`${server.url}/docs/json`)).json() as { openapi: string, paths: Record<string, unknown> }
      expect(doc.openapi).toMatch(/^3\./)
      expect(Object.keys(doc.paths)).toContain('/api/auth/login')
      const docsUi = await fetch(`${server.url}/docs`)
      expect(docsUi.status).toBe(200)
    }
    finally { await server.stop() }
  }, 120_000)

  it.skipIf(!process.env.TEST_DATABASE_URL)('runs on PostgreSQL when DATABASE_URL is set', async () => {
    const pg = await openPostgresTestDatabase(process.env.TEST_DATABASE_URL!)
    await pg.knex.destroy()
    const server = await startServer({ env: { DATABASE_URL: pg.url } })
    try {
      const health = await (await fetch(`${server.url}/api/health`)).json() as { db: string }
      expect(health.db).toBe('postgres')
      expect((await login(server.url, server.adminPassword)).status).toBe(200)
    }
    finally {
      await server.stop()
      await pg.close().catch(() => {})
    }
  }, 120_000)
})
