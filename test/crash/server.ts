import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
export const serverCli = join(repoRoot, 'apps/server/dist/cli.js')
export const ADMIN_PASSWORD = 'crash-Admin-pass-1'

/** A real `scrm start` process that a test can kill -9 and start again on the same data. */
export interface ServerProcess {
  url: string
  logs: () => string
  kill9: () => Promise<void>
  stop: () => Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => resolve(port))
    })
  })
}

export async function startServer(env: { dataDir: string, databaseUrl?: string, extra?: Record<string, string> }): Promise<ServerProcess> {
  if (!existsSync(serverCli)) throw new Error(`${serverCli} not found: run \`npx tsc -b\` first (npm test builds)`)
  const port = await freePort()
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'TEST'))
  const child: ChildProcess = spawn(process.execPath, ['--no-node-snapshot', serverCli, 'start'], {
    cwd: repoRoot,
    env: {
      ...clean, PORT: String(port), HOST: '127.0.0.1', SCRM_DATA_DIR: env.dataDir, SCRM_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // An empty demo tenant: these tests count every timer and instance in the database.
      SCRM_DEMO_TEMPLATE: 'none',
      LOG_LEVEL: 'warn', ...(env.databaseUrl ? { DATABASE_URL: env.databaseUrl } : { DATABASE_URL: '' }), ...env.extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const append = (b: Buffer) => { log = (log + b.toString()).slice(-100_000) }
  child.stdout!.on('data', append)
  child.stderr!.on('data', append)
  let exited = false
  const exit = new Promise<void>(resolve => child.once('exit', () => { exited = true; resolve() }))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (exited) throw new Error(`server exited during start-up:\n${log}`)
    const ok = await fetch(`${url}/api/health`).then(r => r.ok).catch(() => false)
    if (ok) break
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`server not healthy after 60 s:\n${log}`) }
    await new Promise(r => setTimeout(r, 200))
  }
  return {
    url,
    logs: () => log,
    kill9: async () => { if (!exited) child.kill('SIGKILL'); await exit },
    stop: async () => {
      if (!exited) child.kill('SIGTERM')
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exit
      clearTimeout(force)
    },
  }
}

/** A logged-in admin of the seeded `demo` tenant. */
export async function adminApi(url: string) {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'demo', username: 'admin', password: ADMIN_PASSWORD }) })
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`)
  const { token } = await login.json() as { token: string }
  return async <T = any>(method: string, path: string, body?: unknown): Promise<{ status: number, body: T }> => {
    const res = await fetch(`${url}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined }
  }
}

export type Api = Awaited<ReturnType<typeof adminApi>>

/** Publishes an IR-shaped flow in the demo tenant. */
export async function publishFlow(api: Api, ir: { key: string, nodes: unknown[], edges: unknown[] }): Promise<void> {
  const created = await api('POST', '/api/flows', { key: ir.key, name: ir.key, graph: { ...ir, version: 1 } })
  if (created.status !== 201) throw new Error(`create flow: ${created.status} ${JSON.stringify(created.body)}`)
  const pub = await api('POST', `/api/flows/${created.body.id}/publish`, {})
  if (pub.status !== 201) throw new Error(`publish: ${pub.status} ${JSON.stringify(pub.body)}`)
}

/** Runs `fn` over 0..n-1 with `limit` in flight. */
export async function parallel(n: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: limit }, async () => { while (next < n) await fn(next++) }))
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(r => setTimeout(r, 250))
  }
}
