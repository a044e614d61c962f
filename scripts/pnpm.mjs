#!/usr/bin/env node
// Runs the pinned pnpm without corepack (its signature check fails on our machines):
// a global pnpm of the pinned version if present, else `npm exec pnpm@<pin>`.
import { spawnSync, execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const pin = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).packageManager.split('@')[1]

function globalPnpmMatches() {
  try {
    return execFileSync('pnpm', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === pin
  }
  catch { return false }
}

export function pnpm(args, opts = {}) {
  const [cmd, full] = globalPnpmMatches()
    ? ['pnpm', args]
    : ['npm', ['exec', '--yes', `--package=pnpm@${pin}`, '--', 'pnpm', ...args]]
  const r = spawnSync(cmd, full, { stdio: 'inherit', cwd: root, env: { ...process.env, COREPACK_ENABLE_STRICT: '0' }, ...opts })
  return r.status ?? 1
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  process.exit(pnpm(process.argv.slice(2)))
