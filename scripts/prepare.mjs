// Shared by `npm start` and `npm test`: make a fresh clone runnable with nothing but Node and npm.
import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pnpm } from './pnpm.mjs'

export const root = fileURLToPath(new URL('..', import.meta.url))

function run(args, what) {
  console.log(`[scrm] ${what}…`)
  const status = pnpm(args)
  if (status !== 0) {
    console.error(`[scrm] ${what} failed (exit ${status})`)
    process.exit(status)
  }
}

export function ensureInstalled() {
  const marker = join(root, 'node_modules/.modules.yaml')
  const lock = join(root, 'pnpm-lock.yaml')
  const fresh = existsSync(marker) && existsSync(lock) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs
  if (fresh) return
  run(['install', ...(existsSync(lock) && process.env.CI ? ['--frozen-lockfile'] : [])], 'installing dependencies')
}

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

export function ensureBuilt({ web = true } = {}) {
  run(['exec', 'tsc', '-b'], 'building server packages')
  if (!web) return
  const webDir = join(root, 'apps/web')
  const built = join(webDir, 'dist/index.html')
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(join(webDir, 'src'))
    && statSync(built).mtimeMs >= statSync(join(webDir, 'index.html')).mtimeMs)
    return
  run(['--filter', '@scrm/web', 'build'], 'building web app')
}

export function readJson(p) {
  return JSON.parse(readFileSync(p, 'utf8'))
}
