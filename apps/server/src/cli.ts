#!/usr/bin/env node
import { pluginCommand } from './cli/plugin-command.js'
import { configFromEnv, findRootDir } from './config.js'
import { createPlatform } from './platform.js'
import { findPlugins, loadKernel, migrate } from './plugins.js'
import { openDatabase } from '@scrm/store'

const HELP = `scrm — 工单流 server

  scrm start      migrate, seed the demo tenant on first run, serve UI + API (PORT, default 3000)
  scrm migrate    apply pending migrations of the platform and every plugin
  scrm plugins    list the plugins found (workspace plugins/, node_modules scrm-plugin-*)
  scrm plugin     new <kind> <name> | test [dir] | pack [dir]: write, test and pack plugins (scrm plugin help)

Environment: DATABASE_URL (PostgreSQL; default embedded PGlite), SCRM_DATA_DIR (default ./data),
PORT, HOST, SCRM_ADMIN_PASSWORD and SCRM_DEMO_TEMPLATE (first start), SCRM_SECRET, LOG_LEVEL, SCRM_PLUGIN_CONFIG (JSON)`

async function start() {
  const config = configFromEnv()
  const platform = await createPlatform(config)
  const { app, seed } = platform
  if (seed.generatedPassword) {
    console.log(`\n  首次启动 / first start: tenant "demo", user "admin", password: ${seed.generatedPassword}\n  (shown once; set SCRM_ADMIN_PASSWORD to choose it)\n`)
  }
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down: draining requests')
    const force = setTimeout(() => process.exit(1), 15_000)
    force.unref()
    await platform.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
  await app.listen({ port: config.port, host: config.host })
  await platform.startWorkers()
  console.log(`  工单流 ready: http://localhost:${(app.server.address() as { port: number }).port}  (db: ${platform.db.dialect})`)
}

async function runMigrate() {
  const config = configFromEnv()
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
  try {
    const kernel = await loadKernel(config)
    const ran = await migrate(db, kernel)
    console.log(ran.length ? `applied:\n  ${ran.join('\n  ')}` : 'nothing to migrate')
  }
  finally { await db.close() }
}

async function listPlugins() {
  const config = configFromEnv()
  const found = findPlugins(config)
  const kernel = await loadKernel(config)
  for (const f of found) {
    const def = kernel.plugins.find(p => p.source === f.dir)?.definition
    console.log(`${(def?.name ?? f.packageName).padEnd(28)} ${(def?.version ?? f.version).padEnd(9)} ${f.origin.padEnd(10)} ${def?.dependsOn?.length ? `depends on ${def.dependsOn.join(', ')}` : ''}`)
  }
}

async function plugin() {
  process.exitCode = await pluginCommand(process.argv.slice(3), { rootDir: findRootDir(), cwd: process.cwd(), log: line => console.log(line) })
}

const commands: Record<string, () => Promise<void>> = { start, migrate: runMigrate, plugins: listPlugins, plugin }
const cmd = process.argv[2] ?? 'start'
if (cmd === 'help' || cmd === '--help' || !commands[cmd]) {
  console.log(HELP)
  process.exit(commands[cmd] || cmd === 'help' || cmd === '--help' ? 0 : 1)
}
commands[cmd]!().catch((err) => {
  console.error(`scrm ${cmd} failed: ${err instanceof Error ? err.message : err}`)
  process.exit(1)
})
