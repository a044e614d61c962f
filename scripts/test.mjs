#!/usr/bin/env node
// `npm test`: the whole suite on the embedded database (and on PostgreSQL too when
// TEST_DATABASE_URL is set, as .ci/run does).
import { spawnSync } from 'node:child_process'
import { ensureInstalled, ensureBuilt, root } from './prepare.mjs'
import { pnpm } from './pnpm.mjs'

ensureInstalled()
ensureBuilt()
console.log(`[scrm] databases under test: pglite${process.env.TEST_DATABASE_URL ? ' + postgres' : ''}`)
process.exit(pnpm(['exec', 'vitest', 'run', ...process.argv.slice(2)], { cwd: root }))
