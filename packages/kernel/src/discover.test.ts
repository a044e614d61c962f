import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { discoverPlugins, importPlugin, isPluginPackageName } from './discover.js'
import { Kernel } from './kernel.js'

/** Writes a package the way npm would install it: package.json plus an ESM entry. */
function writePackage(dir: string, name: string, source: string, pkg: Record<string, unknown> = {}) {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '2.1.0', type: 'module', main: 'index.js', ...pkg }))
  writeFileSync(join(dir, 'index.js'), source)
}

const pluginSource = (name: string, deps: string[] = []) => `export default {
  name: '${name}', version: '2.1.0', dependsOn: ${JSON.stringify(deps)},
  setup({ channels }) { channels.register({ id: '${name}-channel', label: { 'zh-CN': '渠道', 'en-US': 'Channel' } }) },
}`

describe('plugin discovery', () => {
  it('recognises npm plugin package names', () => {
    expect(isPluginPackageName('scrm-plugin-hello')).toBe(true)
    expect(isPluginPackageName('@acme/scrm-plugin-retail')).toBe(true)
    expect(isPluginPackageName('scrm-plugins')).toBe(false)
    expect(isPluginPackageName('@acme/other')).toBe(false)
  })

  it('finds workspace plugins and npm-installed scrm-plugin-* packages, imports and loads them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'scrm-discover-'))
    writePackage(join(root, 'plugins/core'), '@scrm/plugin-core', pluginSource('core'), { exports: { '.': { source: './src/index.ts', default: './index.js' } } })
    writePackage(join(root, 'node_modules/scrm-plugin-hello'), 'scrm-plugin-hello', pluginSource('hello', ['core']))
    writePackage(join(root, 'node_modules/@acme/scrm-plugin-retail'), '@acme/scrm-plugin-retail', pluginSource('retail', ['hello']), { exports: './index.js' })
    writePackage(join(root, 'node_modules/left-pad'), 'left-pad', 'export default 1')
    writePackage(join(root, 'node_modules/@acme/utils'), '@acme/utils', 'export default 1')

    const found = discoverPlugins({ pluginDirs: [join(root, 'plugins')], nodeModulesDirs: [join(root, 'node_modules'), join(root, 'missing')] })
    expect(found.map(f => [f.packageName, f.origin])).toEqual([
      ['@scrm/plugin-core', 'workspace'],
      ['@acme/scrm-plugin-retail', 'npm'],
      ['scrm-plugin-hello', 'npm'],
    ])
    expect(found[0]!.entry).toBe(join(root, 'plugins/core/index.js'))

    const kernel = new Kernel()
    await kernel.load(await Promise.all(found.map(importPlugin)))
    expect(kernel.plugins.map(p => p.definition.name)).toEqual(['core', 'hello', 'retail'])
    expect(kernel.registries.channels.list('t').map(c => c.id)).toEqual(['core-channel', 'hello-channel', 'retail-channel'])
    expect(kernel.plugin('hello')?.source).toBe(join(root, 'node_modules/scrm-plugin-hello'))
  })

  it('prefers the source condition when asked (tests load TypeScript)', () => {
    const root = mkdtempSync(join(tmpdir(), 'scrm-discover-'))
    writePackage(join(root, 'plugins/x'), '@scrm/plugin-x', '', { exports: { '.': { source: './src/index.ts', default: './dist/index.js' } } })
    const [f] = discoverPlugins({ pluginDirs: [join(root, 'plugins')], conditions: ['source', 'default'] })
    expect(f!.entry).toBe(join(root, 'plugins/x/src/index.ts'))
  })

  it('names a package whose default export is not a plugin', async () => {
    const root = mkdtempSync(join(tmpdir(), 'scrm-discover-'))
    writePackage(join(root, 'node_modules/scrm-plugin-bad'), 'scrm-plugin-bad', 'export default { name: "bad" }')
    const [f] = discoverPlugins({ nodeModulesDirs: [join(root, 'node_modules')] })
    await expect(importPlugin(f!)).rejects.toThrow(/"scrm-plugin-bad" has no default export made with definePlugin/)
  })
})
