import { readFileSync } from 'node:fs'
import type { Kernel, PluginDefinition } from '@scrm/kernel'
import { type Database, openDatabase } from '@scrm/store'
import type { FastifyInstance } from 'fastify'
import pino from 'pino'
import { buildApp } from './app.js'
import { loadSecret } from './auth/secret.js'
import { RuntimePlugins } from './runtime-plugins/manager.js'
import type { ServerConfig } from './config.js'
import { loadEnablement, loadKernel, migrate } from './plugins.js'
import { seedDemoContent } from './seed-content.js'
import { seedDemoTenant, type SeedResult } from './seed.js'

export interface Platform {
  config: ServerConfig
  db: Database
  kernel: Kernel
  app: FastifyInstance
  seed: SeedResult
  /** Plugins tenants install while the server runs (tarball uploads). */
  runtime: RuntimePlugins
  /** Starts plugins' background workers (timers, outbox); `scrm start` does, tests choose. */
  startWorkers: () => Promise<void>
  close: () => Promise<void>
}

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version

/** Everything `scrm start` does before listening: open the database, load plugins, migrate, seed, build the app. */
export interface PlatformOptions {
  logger?: boolean
  /** An already-open database (tests); otherwise opened from the config. */
  db?: Database
  /** Skip seeding the demo tenant (tests create their own tenants). */
  seed?: boolean
  /** Plugins given in code, loaded with the discovered ones (tests). */
  plugins?: PluginDefinition[]
  /** Discovered plugins to leave out by name (the SDK test kit attaches its own copy). */
  skipDiscovered?: string[]
}

export async function createPlatform(config: ServerConfig, options: PlatformOptions = {}): Promise<Platform> {
  const log = pino({ level: options.logger === false ? 'silent' : config.logLevel })
  const db = options.db ?? await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
  try {
    const kernel = await loadKernel(config, log, options.plugins, options.skipDiscovered)
    const ran = await migrate(db, kernel)
    if (ran.length) log.info({ migrations: ran }, 'migrations applied')
    const seed: SeedResult = options.seed === false ? { created: false } : await seedDemoTenant(db, kernel, config.adminPassword)
    await loadEnablement(db, kernel)
    const secret = await loadSecret(db.knex, config.secret)
    const logger = options.logger === false ? undefined : log
    const runtime = new RuntimePlugins({ db, kernel, secret, dataDir: config.dataDir, rootDir: config.rootDir, logger })
    await runtime.boot()
    const app = await buildApp({ db, kernel, secret, webDir: config.webDir, logger: logger ?? false, version, runtime, maxPluginUploadBytes: config.maxPluginUploadBytes })
    await app.ready()
    if (seed.created && seed.tenant && seed.adminId && config.demoTemplate !== 'none')
      await seedDemoContent(app, secret, { tenantId: seed.tenant.id, adminId: seed.adminId, template: config.demoTemplate }, log)
    let closed = false
    let stopWorkers: (() => Promise<void>) | undefined
    return {
      config, db, kernel, app, seed, runtime,
      startWorkers: async () => {
        if (!stopWorkers) stopWorkers = await kernel.startWorkers(db.knex)
      },
      close: async () => {
        if (closed) return
        closed = true
        await app.close() // drains in-flight requests first
        await runtime.close()
        await stopWorkers?.()
        await db.close()
      },
    }
  }
  catch (err) {
    await db.close()
    throw err
  }
}
