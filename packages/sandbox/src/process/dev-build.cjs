// Only when the sandbox runs from its TypeScript sources (vitest, benches, scripts): bundles the
// child entry into one plain ESM file, so the child starts as fast as the built one would. Loading
// the sources through module hooks instead cost each child ~0.8 s more CPU (a hooks thread, an
// esbuild service, one transform per file), which under test load made 50 ms limits flaky.
// Production forks dist/process/child.js and never loads this file.
'use strict'
const { createHash } = require('node:crypto')
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs')
const { createRequire } = require('node:module')
const { join } = require('node:path')

const SRC = join(__dirname, '..')
// Inside the package's own node_modules, so the bundle's external `import 'isolated-vm'` resolves
// exactly as the sources' does.
const CACHE = join(SRC, '..', 'node_modules', '.cache', 'sandbox-child')

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e => e.isDirectory()
    ? sources(join(dir, e.name))
    : /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [join(dir, e.name)] : [])
}

/** Path of the bundled child for the current sources; rebuilt only when a source changed. */
function buildChild() {
  const hash = createHash('sha256')
  for (const file of sources(SRC).sort()) hash.update(file).update(readFileSync(file))
  const out = join(CACHE, `child-${hash.digest('hex').slice(0, 16)}.mjs`)
  try {
    if (statSync(out).isFile()) return out
  }
  catch {}
  // esbuild comes with vite, a root dev dependency; the sandbox package itself does not need it.
  const esbuild = createRequire(require.resolve('vite'))('esbuild')
  const { outputFiles } = esbuild.buildSync({
    entryPoints: [join(SRC, 'process', 'child.ts')],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['isolated-vm'],
    write: false, sourcemap: 'inline', logLevel: 'silent',
  })
  mkdirSync(CACHE, { recursive: true })
  // Parallel test workers may build at once: write aside, then rename into place atomically.
  const tmp = `${out}.${process.pid}.tmp`
  writeFileSync(tmp, outputFiles[0].text)
  renameSync(tmp, out)
  prune(out)
  return out
}

/** Bundles of earlier sources pile up while editing; an hour-old one is no longer forked by anyone. */
function prune(keep) {
  for (const name of readdirSync(CACHE)) {
    const file = join(CACHE, name)
    try {
      if (file !== keep && Date.now() - statSync(file).mtimeMs > 3_600_000) rmSync(file)
    }
    catch {}
  }
}

module.exports = { buildChild }
