import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../e2e/helpers/paths'
import { type RunningServer, serverCli, startServer } from '../e2e/helpers/server'

/**
 * The plugin author's path end to end, with the built CLI and a real server process:
 * scaffold → its own tests → pack → upload into the running server → the channel creates a
 * ticket → still there after a restart → uninstall → its route is gone.
 * Scaffolds go to a git-ignored dot folder under plugins/ (discovery skips dot folders, so other
 * tests never load them); `scrm plugin new` links the host's @scrm/sdk and vitest into them.
 */
/** The machine running CI is small and shared: a first start (all migrations) may take a while. */
const BOOT_MS = 180_000

const scratch = join(repoRoot, 'plugins', `.scratch-${randomBytes(4).toString('hex')}`)

interface Run { code: number, out: string }

/** `scrm …` as a user types it: the built CLI, a clean environment (no vitest variables). */
function scrm(args: string[]): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'TEST'))
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-node-snapshot', serverCli, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (c) => { out += c })
    child.stderr.on('data', (c) => { out += c })
    child.once('error', reject)
    child.once('exit', code => resolve({ code: code ?? 1, out }))
  })
}

async function api(server: RunningServer, token: string, method: string, path: string, body?: unknown, type = 'application/json') {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': type }) },
    body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

async function login(server: RunningServer): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'demo', username: 'admin', password: server.adminPassword }) })
  expect(res.status).toBe(200)
  return ((await res.json()) as { token: string }).token
}

describe('plugin SDK and CLI (built CLI, real server process)', () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it('scrm plugin new channel hello → test → pack → install into a running server → ticket → restart → uninstall', async () => {
    const dir = join(scratch, 'hello')
    const made = await scrm(['plugin', 'new', 'channel', 'hello', '--dir', dir])
    expect(made.code, made.out).toBe(0)
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({ name: 'scrm-plugin-hello', scrm: { plugin: true } })

    const tested = await scrm(['plugin', 'test', dir])
    expect(tested.code, tested.out).toBe(0)
    expect(tested.out).toMatch(/Tests\s+.*3 passed/)

    const packed = await scrm(['plugin', 'pack', dir])
    expect(packed.code, packed.out).toBe(0)
    const tarball = join(dir, 'scrm-plugin-hello-0.1.0.tgz')
    expect(existsSync(tarball), packed.out).toBe(true)

    const dataDir = mkdtempSync(join(tmpdir(), 'scrm-sdk-cli-'))
    let server = await startServer({ env: { SCRM_DATA_DIR: dataDir }, timeoutMs: BOOT_MS })
    try {
      let token = await login(server)
      expect((await api(server, token, 'POST', '/api/ticket-types', { key: 'general', name: { 'zh-CN': '通用', 'en-US': 'General' } })).status).toBe(201)
      expect((await api(server, token, 'POST', '/api/x/hello/tickets', { title: 'x' })).status).toBe(404)

      const installed = await api(server, token, 'POST', '/api/plugins/install', readFileSync(tarball), 'application/gzip')
      expect(installed.status, JSON.stringify(installed.body)).toBe(201)
      expect(installed.body).toEqual({ name: 'hello', packageName: 'scrm-plugin-hello', version: '0.1.0' })

      const created = await api(server, token, 'POST', '/api/x/hello/tickets', { title: '门禁失灵', phone: '13800138000' })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      const read = await api(server, token, 'GET', `/api/tickets/${created.body.id}`)
      expect(read.body).toMatchObject({ title: '门禁失灵', channel: 'hello' })

      // Recorded in the database: a restart loads it again.
      await server.stop()
      server = await startServer({ env: { SCRM_DATA_DIR: dataDir }, timeoutMs: BOOT_MS })
      token = await login(server)
      const again = await api(server, token, 'POST', '/api/x/hello/tickets', { title: '重启之后' })
      expect(again.status, JSON.stringify(again.body) + server.logs()).toBe(201)

      expect((await api(server, token, 'DELETE', '/api/plugins/hello')).status).toBe(204)
      const gone = await api(server, token, 'POST', '/api/x/hello/tickets', { title: 'x' })
      expect(gone.status).toBe(404)
      expect(gone.body).toMatchObject({ error: 'Not Found' })
      // Data stays: the tickets it created are still there.
      expect((await api(server, token, 'GET', `/api/tickets/${created.body.id}`)).status).toBe(200)
    }
    finally {
      await server.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 600_000)
})
