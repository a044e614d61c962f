#!/usr/bin/env node
// `npm start`: install (bootstrapping pnpm), build, then hand over to `scrm start`
// which migrates, seeds on first run and serves UI + API.
import { spawnSync } from 'node:child_process'
import { ensureInstalled, ensureBuilt, root } from './prepare.mjs'

ensureInstalled()
ensureBuilt()
const r = spawnSync(process.execPath, ['--no-node-snapshot', 'apps/server/dist/cli.js', 'start', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root })
process.exit(r.status ?? 1)
