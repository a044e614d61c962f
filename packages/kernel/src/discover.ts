import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { PluginDefinition } from './define-plugin.js'
import { PluginError } from './errors.js'
import type { LoadedPlugin } from './kernel.js'

export interface FoundPlugin {
  packageName: string
  version: string
  dir: string
  /** Absolute path of the module to import. */
  entry: string
  origin: 'workspace' | 'npm'
}

export interface DiscoverOptions {
  /** Folders whose sub-folders are plugin packages (the workspace's `plugins/`). */
  pluginDirs?: string[]
  /** `node_modules` folders searched for `scrm-plugin-*` and `@scope/scrm-plugin-*`. */
  nodeModulesDirs?: string[]
  /** Export conditions tried in order; tests put 'source' first to load TypeScript sources. */
  conditions?: string[]
}

const NPM_PLUGIN = /^(?:@[^/]+\/)?scrm-plugin-[\w.-]+$/

export function isPluginPackageName(name: string): boolean {
  return NPM_PLUGIN.test(name)
}

/** Finds plugin packages on disk without importing them. Order: workspace first, then npm, each by name. */
export function discoverPlugins(options: DiscoverOptions): FoundPlugin[] {
  const conditions = options.conditions ?? ['import', 'default']
  const found = new Map<string, FoundPlugin>()
  for (const dir of options.pluginDirs ?? []) {
    for (const pkgDir of subdirs(dir)) {
      const f = readPackage(pkgDir, conditions, 'workspace')
      if (f && !found.has(f.packageName)) found.set(f.packageName, f)
    }
  }
  for (const nm of options.nodeModulesDirs ?? []) {
    for (const pkgDir of subdirs(nm)) {
      const base = pkgDir.slice(nm.length + 1)
      const candidates = base.startsWith('@') ? subdirs(pkgDir) : [pkgDir]
      for (const c of candidates) {
        const name = c.slice(nm.length + 1).split('\\').join('/')
        if (!isPluginPackageName(name)) continue
        const f = readPackage(c, conditions, 'npm')
        if (f && !found.has(f.packageName)) found.set(f.packageName, f)
      }
    }
  }
  return [...found.values()]
}

/** Imports a found package and checks that its default export is a plugin definition. */
export async function importPlugin(found: FoundPlugin): Promise<LoadedPlugin> {
  let mod: { default?: PluginDefinition }
  try {
    mod = await import(pathToFileURL(found.entry).href)
  }
  catch (err) {
    throw new PluginError(`plugin package "${found.packageName}" could not be imported from ${found.entry}: ${(err as Error).message}`, [found.packageName], { cause: err })
  }
  const def = mod.default
  if (!def || typeof def !== 'object' || typeof def.setup !== 'function')
    throw new PluginError(`plugin package "${found.packageName}" has no default export made with definePlugin()`, [found.packageName])
  return { definition: def, source: found.dir }
}

function subdirs(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter(e => (e.isDirectory() || e.isSymbolicLink()) && !e.name.startsWith('.'))
    .map(e => join(dir, e.name))
    .sort()
}

function readPackage(dir: string, conditions: string[], origin: FoundPlugin['origin']): FoundPlugin | undefined {
  const pj = join(dir, 'package.json')
  if (!existsSync(pj)) return undefined
  const pkg = JSON.parse(readFileSync(pj, 'utf8'))
  const entry = resolveEntry(pkg, conditions)
  if (!entry) return undefined
  return { packageName: pkg.name, version: pkg.version, dir: resolve(dir), entry: resolve(dir, entry), origin }
}

function resolveEntry(pkg: { exports?: unknown, main?: string, module?: string }, conditions: string[]): string | undefined {
  let exp = pkg.exports
  if (typeof exp === 'string') return exp
  if (exp && typeof exp === 'object' && '.' in exp) exp = (exp as Record<string, unknown>)['.']
  if (typeof exp === 'string') return exp
  if (exp && typeof exp === 'object') {
    const map = exp as Record<string, unknown>
    for (const c of conditions) {
      if (typeof map[c] === 'string') return map[c] as string
    }
    if (typeof map.default === 'string') return map.default
  }
  return pkg.module ?? pkg.main ?? 'index.js'
}
