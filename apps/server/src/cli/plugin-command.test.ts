import { existsSync, lstatSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findRootDir } from '../config.js'
import { PLUGIN_KINDS, pluginCommand } from './plugin-command.js'

const rootDir = findRootDir()
const cwd = mkdtempSync(join(tmpdir(), 'scrm-plugin-new-'))
const run = async (...args: string[]) => {
  const lines: string[] = []
  const code = await pluginCommand(args, { rootDir, cwd, log: l => lines.push(l) })
  return { code, out: lines.join('\n') }
}

describe('scrm plugin new', () => {
  afterAll(() => rmSync(cwd, { recursive: true, force: true }))

  it.each(Object.keys(PLUGIN_KINDS))('scaffolds a %s package named scrm-plugin-<name> with no placeholder left', async (kind) => {
    const name = `demo-${kind}`
    const { code, out } = await run('new', kind, name)
    expect(code, out).toBe(0)
    const dir = join(cwd, 'plugins', name)
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    expect(pkg).toMatchObject({ name: `scrm-plugin-${name}`, version: '0.1.0', scrm: { plugin: true, kind } })
    for (const f of ['src/index.ts', 'src/index.test.ts', 'README.md', 'tsconfig.json', '.gitignore', 'package.json'])
      expect(readFileSync(join(dir, f), 'utf8')).not.toMatch(/__[A-Z]+__/)
    expect(readFileSync(join(dir, 'src/index.ts'), 'utf8')).toContain(`name: '${name}'`)
    // The host's SDK is linked so the package resolves it wherever it lives.
    expect(lstatSync(join(dir, 'node_modules/@scrm/sdk')).isSymbolicLink()).toBe(true)
    expect(realpathSync(join(dir, 'node_modules/@scrm/sdk'))).toBe(realpathSync(join(rootDir, 'packages/sdk')))
  })

  it('honours --dir and refuses a folder that is not empty', async () => {
    expect((await run('new', 'channel', 'ok', '--dir', 'elsewhere/ok')).code).toBe(0)
    expect(existsSync(join(cwd, 'elsewhere/ok/src/index.ts'))).toBe(true)
    const again = await run('new', 'channel', 'ok', '--dir', 'elsewhere/ok')
    expect(again.code).toBe(1)
    expect(again.out).toMatch(/not empty/)
  })

  it('refuses unknown kinds and bad names, and explains itself', async () => {
    expect((await run('new', 'widget', 'x')).out).toMatch(/kind must be one of channel, notifier/)
    expect((await run('new', 'channel', 'Bad_Name')).code).toBe(1)
    expect((await run('new', 'channel', '../escape')).out).toMatch(/name must be/)
    expect((await run('frobnicate')).code).toBe(1)
    expect((await run('help')).out).toMatch(/scrm plugin new <kind> <name>/)
  })

  it('test and pack refuse a folder that is not a plugin package', async () => {
    writeFileSync(join(cwd, 'package.json'), JSON.stringify({ name: 'not-a-plugin' }))
    const res = await run('pack', '.')
    expect(res.code).toBe(1)
    expect(res.out).toMatch(/not a plugin package/)
    expect((await run('test', 'missing')).out).toMatch(/has no package.json/)
  })
})
