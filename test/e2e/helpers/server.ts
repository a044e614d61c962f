import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getFreePort } from './ports'
import { repoRoot } from './paths'

/**
 * The built CLI that `npm start` runs. SCRM_SERVER_CLI may point elsewhere (e.g. to
 * try a browser test against another build).
 */
export const serverCli = process.env.SCRM_SERVER_CLI ?? join(repoRoot, 'apps/server/dist/cli.js')

export interface StartServerOptions {
  /** SCRM_ADMIN_PASSWORD for the seeded admin user. */
  adminPassword?: string
  /** Extra environment for the server process. */
  env?: Record<string, string>
  /** Milliseconds to wait for GET /api/health to answer ok. */
  timeoutMs?: number
}

export interface RunningServer {
  url: string
  port: number
  dataDir: string
  adminPassword: string
  /** Everything the server printed so far (stdout and stderr, interleaved). */
  logs: () => string
  stop: () => Promise<void>
}

export const DEFAULT_ADMIN_PASSWORD = 'e2e-Admin-pass-1'

const MAX_LOG = 200_000

/** Start the real server (`scrm start`) on a free port with a throw-away data dir. */
export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  if (!existsSync(serverCli))
    throw new Error(`${serverCli} not found: build the server first (npm run build, or npm test which builds)`)

  const port = await getFreePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'scrm-e2e-data-'))
  const adminPassword = opts.adminPassword ?? DEFAULT_ADMIN_PASSWORD
  const url = `http://127.0.0.1:${port}`
  let log = ''
  const append = (chunk: Buffer) => {
    log += chunk.toString()
    if (log.length > MAX_LOG) log = log.slice(-MAX_LOG)
  }

  const child: ChildProcess = spawn(process.execPath, ['--no-node-snapshot', serverCli, 'start'], {
    cwd: repoRoot,
    env: {
      ...cleanEnv(),
      PORT: String(port),
      HOST: '127.0.0.1',
      SCRM_DATA_DIR: dataDir,
      SCRM_ADMIN_PASSWORD: adminPassword,
      // Tests start from an empty demo tenant; `npm start` fills it with an industry template.
      SCRM_DEMO_TEMPLATE: 'none',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  let hasExited = false
  void exited.then(() => { hasExited = true })

  const stop = async () => {
    if (!hasExited) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => { if (!hasExited) child.kill('SIGKILL') }, 10_000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dataDir, { recursive: true, force: true })
  }

  try {
    await waitForHealth(url, opts.timeoutMs ?? 60_000, () => hasExited)
  }
  catch (e) {
    await stop()
    throw new Error(`server did not become healthy: ${(e as Error).message}\n--- server output ---\n${log}`)
  }
  return { url, port, dataDir, adminPassword, logs: () => log, stop }
}

/**
 * The test runner's environment minus what vitest adds, so the server runs as under
 * `npm start`, and minus DATABASE_URL, so it uses its embedded database in the
 * throw-away data dir (pass `env: { DATABASE_URL }` to point it elsewhere).
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const k of Object.keys(env))
    if (k === 'NODE_ENV' || k === 'TEST' || k === 'DATABASE_URL' || k === 'SCRM_SECRET' || k.startsWith('VITEST')) delete env[k]
  return env
}

async function waitForHealth(url: string, timeoutMs: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = 'no answer yet'
  while (Date.now() < deadline) {
    if (exited()) throw new Error('server process exited')
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) })
      const body = await res.json().catch(() => null) as { status?: string } | null
      if (res.ok && body?.status === 'ok') return
      last = `HTTP ${res.status} ${JSON.stringify(body)}`
    }
    catch (e) {
      last = (e as Error).message
    }
    await new Promise(r => setTimeout(r, 250))
  }
  throw new Error(`timed out after ${timeoutMs} ms (last: ${last})`)
}
