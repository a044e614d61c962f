import { badRequest, HttpError, isPluginPackageName } from '@scrm/kernel'
import { readTarball, safeEntryPath, type TarEntry, TarError, type TarLimits } from './tar.js'

/** A plugin package read from an upload (or a folder), checked and ready to be written to disk. */
export interface PluginPackage {
  name: string
  version: string
  /** Module to import, relative to the package folder. */
  entry: string
  /** Files relative to the package folder (the `package/` prefix removed). */
  files: TarEntry[]
}

export interface PackageManifest {
  name?: unknown
  version?: unknown
  exports?: unknown
  main?: unknown
  module?: unknown
  scrm?: unknown
  dependencies?: unknown
}

/**
 * Runtime dependencies an installed plugin may declare: the host provides `@scrm/sdk` (linked
 * next to installed plugins); anything else would have to be bundled into the tarball.
 */
export const HOST_PROVIDED = ['@scrm/sdk']

const VERSION = /^\d+\.\d+\.\d+(?:-[0-9a-z.-]+)?(?:\+[0-9a-z.-]+)?$/i

const invalid = (field: string, message: string) =>
  badRequest(`invalid plugin package: ${field} ${message}`, [{ in: 'body', field, message }])

/** The module `import` would load: `exports["."]` (import/default), else `module`/`main`. */
export function entryOf(manifest: PackageManifest): string | undefined {
  let exp = manifest.exports
  if (exp && typeof exp === 'object' && '.' in exp) exp = (exp as Record<string, unknown>)['.']
  if (typeof exp === 'string') return exp
  if (exp && typeof exp === 'object') {
    const map = exp as Record<string, unknown>
    for (const c of ['import', 'default']) if (typeof map[c] === 'string') return map[c] as string
    return undefined
  }
  const main = manifest.module ?? manifest.main
  return typeof main === 'string' ? main : 'index.js'
}

/** Checks package.json of a plugin package; `has` tells whether a file exists in the package. */
export function checkManifest(manifest: PackageManifest, has: (path: string) => boolean): { name: string, version: string, entry: string } {
  const { name, version } = manifest
  if (typeof name !== 'string' || !isPluginPackageName(name))
    throw invalid('package.json/name', 'must be scrm-plugin-<name> or @scope/scrm-plugin-<name>')
  if (typeof version !== 'string' || !VERSION.test(version))
    throw invalid('package.json/version', 'must be a semantic version such as 1.0.0')
  const scrm = manifest.scrm as { plugin?: unknown } | undefined
  if (!scrm || typeof scrm !== 'object' || scrm.plugin !== true)
    throw invalid('package.json/scrm', 'must be { "plugin": true }')
  const deps = manifest.dependencies && typeof manifest.dependencies === 'object' ? Object.keys(manifest.dependencies) : []
  const foreign = deps.filter(d => !HOST_PROVIDED.includes(d))
  if (foreign.length)
    throw invalid('package.json/dependencies', `may only name ${HOST_PROVIDED.join(', ')} (bundle the others): found ${foreign.join(', ')}`)
  const rawEntry = entryOf(manifest)
  let entry: string
  try { entry = safeEntryPath(rawEntry ?? '') }
  catch { throw invalid('package.json/exports', `must name a module inside the package, got ${JSON.stringify(rawEntry)}`) }
  if (!has(entry)) throw invalid('package.json/exports', `names ${entry}, which is not in the package (was it built?)`)
  return { name, version, entry }
}

/** Reads an uploaded npm-style tarball (`package/…`) and checks it; refusals are 4xx HttpErrors. */
export function readPluginTarball(data: Buffer, limits: TarLimits): PluginPackage {
  let entries: TarEntry[]
  try { entries = readTarball(data, limits) }
  catch (err) {
    if (!(err instanceof TarError)) throw err
    throw new HttpError(err.tooLarge ? 413 : 400, `invalid plugin archive: ${err.message}`, [{ in: 'body', field: err.entry ? `archive/${err.entry}` : 'archive', message: err.message }])
  }
  const outside = entries.find(e => !e.path.startsWith('package/'))
  if (outside) throw invalid(`archive/${outside.path}`, 'is outside package/ (make the archive with npm pack or scrm plugin pack)')
  const files = entries.map(e => ({ path: e.path.slice('package/'.length), content: e.content }))
  const pj = files.find(f => f.path === 'package.json')
  if (!pj) throw invalid('archive/package/package.json', 'is missing')
  let manifest: PackageManifest
  try { manifest = JSON.parse(pj.content.toString('utf8')) }
  catch { throw invalid('package.json', 'is not valid JSON') }
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) throw invalid('package.json', 'must be an object')
  const paths = new Set(files.map(f => f.path))
  return { ...checkManifest(manifest, p => paths.has(p)), files }
}
