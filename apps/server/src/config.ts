import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface ServerConfig {
  port: number
  host: string
  /** PostgreSQL URL; absent → embedded PGlite under `dataDir`. */
  databaseUrl?: string
  dataDir: string
  /** Repository root: where `plugins/`, `node_modules/` and `apps/web/dist` are found. */
  rootDir: string
  webDir?: string
  adminPassword?: string
  secret?: string
  logLevel: string
  /** Export conditions used to import plugins: tests load TypeScript sources. */
  pluginConditions: string[]
  /** Per-plugin operator config (JSON in SCRM_PLUGIN_CONFIG). */
  pluginConfig: Record<string, Record<string, unknown>>
  /** Largest plugin tarball a tenant admin may upload (SCRM_PLUGIN_MAX_BYTES). */
  maxPluginUploadBytes?: number
  /** Industry template installed (with demo data) into the demo tenant on first start; 'none' for an empty tenant. */
  demoTemplate: string
}

/** Walks up from this file to the workspace root (the folder with pnpm-workspace.yaml). */
export function findRootDir(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir)
    if (up === dir) return process.cwd()
    dir = up
  }
  return dir
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const rootDir = overrides.rootDir ?? findRootDir()
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`)
  let pluginConfig: ServerConfig['pluginConfig'] = {}
  if (env.SCRM_PLUGIN_CONFIG) {
    try { pluginConfig = JSON.parse(env.SCRM_PLUGIN_CONFIG) }
    catch { throw new Error('SCRM_PLUGIN_CONFIG must be JSON: { "<plugin>": { … } }') }
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.SCRM_DATA_DIR ?? join(rootDir, 'data')),
    rootDir,
    webDir: resolve(env.SCRM_WEB_DIR ?? join(rootDir, 'apps/web/dist')),
    adminPassword: env.SCRM_ADMIN_PASSWORD || undefined,
    secret: env.SCRM_SECRET || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    pluginConditions: env.VITEST ? ['source', 'import', 'default'] : ['import', 'default'],
    pluginConfig,
    demoTemplate: env.SCRM_DEMO_TEMPLATE || 'appliance-repair',
    maxPluginUploadBytes: env.SCRM_PLUGIN_MAX_BYTES ? Number(env.SCRM_PLUGIN_MAX_BYTES) : undefined,
    ...overrides,
  }
}
