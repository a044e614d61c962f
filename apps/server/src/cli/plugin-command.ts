import { spawn } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** What `scrm plugin new` can make, and the one line each README starts with. */
export const PLUGIN_KINDS = {
  'channel': 'An intake channel: its API creates tickets through the tickets plugin.',
  'notifier': 'A notifier: delivers notifications as JSON to a webhook URL.',
  'settlement-formula': 'A settlement formula run in the sandbox: call-out fee plus parts.',
  'industry-template': 'An industry template: a repair form and ticket type, installed per tenant by the industry plugin.',
  'node-type': 'A flow node type with run and resume: greets, optionally waits for a reply.',
} as const
export type PluginKind = keyof typeof PLUGIN_KINDS

const NAME = /^[a-z][a-z0-9-]{0,39}$/
const templatesDir = fileURLToPath(new URL('../../plugin-templates/', import.meta.url))

export const PLUGIN_HELP = `scrm plugin — make, test and pack plugins

  scrm plugin new <kind> <name> [--dir <dir>]   scaffold scrm-plugin-<name> (default dir: plugins/<name>)
        kinds: ${Object.keys(PLUGIN_KINDS).join(', ')}
  scrm plugin test [dir]                          run its tests on the real platform (throw-away embedded database)
  scrm plugin pack [dir]                          build dist/ and write an npm tarball (scrm-plugin-<name>-<version>.tgz)`

export interface CommandContext {
  /** Workspace root: the host's @scrm/sdk, vitest and typescript live here. */
  rootDir: string
  cwd: string
  log: (line: string) => void
}

class UsageError extends Error {}

/** `scrm plugin …`; resolves to the process exit code. */
export async function pluginCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args
  try {
    if (sub === 'new') return newPlugin(rest, ctx)
    if (sub === 'test') return await testPlugin(resolve(ctx.cwd, rest[0] ?? '.'), ctx)
    if (sub === 'pack') return (await packPlugin(resolve(ctx.cwd, rest[0] ?? '.'), ctx)) ? 0 : 1
    ctx.log(PLUGIN_HELP)
    return sub === undefined || sub === 'help' || sub === '--help' ? 0 : 1
  }
  catch (err) {
    if (!(err instanceof UsageError)) throw err
    ctx.log(`scrm plugin ${sub}: ${err.message}`)
    return 1
  }
}

function newPlugin(args: string[], ctx: CommandContext): number {
  const dirFlag = args.indexOf('--dir')
  const dirArg = dirFlag >= 0 ? args[dirFlag + 1] : undefined
  if (dirFlag >= 0 && !dirArg) throw new UsageError('--dir needs a folder')
  const [kind, name] = args.filter((_, i) => dirFlag < 0 || (i !== dirFlag && i !== dirFlag + 1))
  if (!kind || !(kind in PLUGIN_KINDS)) throw new UsageError(`kind must be one of ${Object.keys(PLUGIN_KINDS).join(', ')}`)
  if (!name || !NAME.test(name)) throw new UsageError('name must be lower-case letters, digits and dashes, starting with a letter (the package becomes scrm-plugin-<name>)')
  const dir = resolve(ctx.cwd, dirArg ?? join('plugins', name))
  if (existsSync(dir) && readdirSync(dir).length) throw new UsageError(`${dir} exists and is not empty`)
  const vars = { __NAME__: name, __KIND__: kind, __ABOUT__: PLUGIN_KINDS[kind as PluginKind] }
  const fill = (text: string) => text.replace(/__NAME__|__KIND__|__ABOUT__/g, k => vars[k as keyof typeof vars])
  const files: Array<[from: string, to: string]> = [
    ['common/package.json', 'package.json'],
    ['common/tsconfig.json', 'tsconfig.json'],
    ['common/gitignore', '.gitignore'],
    ['common/README.md', 'README.md'],
    [`${kind}/src/index.ts`, 'src/index.ts'],
    [`${kind}/src/index.test.ts`, 'src/index.test.ts'],
  ]
  for (const [from, to] of files) {
    mkdirSync(dirname(join(dir, to)), { recursive: true })
    writeFileSync(join(dir, to), fill(readFileSync(join(templatesDir, from), 'utf8')))
  }
  linkHostPackages(dir, ctx.rootDir)
  const shown = relative(ctx.cwd, dir) || '.'
  ctx.log(`created scrm-plugin-${name} (${kind}) in ${shown}\n  next: scrm plugin test ${shown}   then: scrm plugin pack ${shown}`)
  return 0
}

/**
 * A plugin resolves `@scrm/sdk` (and its tests `vitest`) to the host's copies wherever it lives:
 * links in its own node_modules, made again before each test/pack (a package manager may prune them).
 */
export function linkHostPackages(dir: string, rootDir: string): void {
  const links: Array<[string, string]> = [
    ['@scrm/sdk', join(rootDir, 'packages', 'sdk')],
    ['vitest', join(rootDir, 'node_modules', 'vitest')],
  ]
  for (const [name, target] of links) {
    const link = join(dir, 'node_modules', name)
    if (isLink(link) || existsSync(link)) continue
    if (!existsSync(target)) throw new UsageError(`${target} is missing: run the package install at ${rootDir} first`)
    mkdirSync(dirname(link), { recursive: true })
    symlinkSync(realpathSync(target), link, 'dir')
  }
}

async function testPlugin(dir: string, ctx: CommandContext): Promise<number> {
  assertPlugin(dir)
  linkHostPackages(dir, ctx.rootDir)
  const vitest = join(ctx.rootDir, 'node_modules', 'vitest', 'vitest.mjs')
  const config = join(ctx.rootDir, 'packages', 'sdk', 'vitest.plugin.config.mjs')
  return run(process.execPath, ['--no-node-snapshot', vitest, 'run', '--root', dir, '--config', config], { cwd: dir })
}

/** Builds and packs; returns the tarball's path (undefined when a step failed). */
export async function packPlugin(dir: string, ctx: CommandContext): Promise<string | undefined> {
  assertPlugin(dir)
  linkHostPackages(dir, ctx.rootDir)
  const tsc = join(ctx.rootDir, 'node_modules', 'typescript', 'bin', 'tsc')
  // The plugin compiles against the SDK's declarations (incremental: nothing to do when current).
  if (await run(process.execPath, [tsc, '-b', join(ctx.rootDir, 'packages', 'sdk')], { cwd: ctx.rootDir }) !== 0) return undefined
  rmSync(join(dir, 'dist'), { recursive: true, force: true })
  if (await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dir }) !== 0) return undefined
  const out: string[] = []
  if (await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: dir, capture: out }) !== 0) return undefined
  const [packed] = JSON.parse(out.join('').slice(out.join('').indexOf('['))) as Array<{ filename: string, size: number, entryCount: number }>
  const file = join(dir, packed.filename.replace(/^@[^/]+\//, '').replace('/', '-'))
  ctx.log(`packed ${relative(ctx.cwd, file) || file} (${packed.entryCount} files, ${packed.size} bytes)`)
  return file
}

function assertPlugin(dir: string): void {
  const pj = join(dir, 'package.json')
  if (!existsSync(pj)) throw new UsageError(`${dir} has no package.json`)
  const pkg = JSON.parse(readFileSync(pj, 'utf8'))
  if (!pkg.scrm?.plugin) throw new UsageError(`${pj} is not a plugin package ("scrm": { "plugin": true } missing)`)
}

function isLink(path: string): boolean {
  try { return lstatSync(path).isSymbolicLink() }
  catch { return false }
}

/** Runs a child with the parent's terminal; vitest's own variables are left out so a nested run starts clean. */
function run(cmd: string, args: string[], opts: { cwd: string, capture?: string[] }): Promise<number> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV' && k !== 'TEST'))
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env, stdio: ['ignore', opts.capture ? 'pipe' : 'inherit', 'inherit'] })
    child.stdout?.on('data', (c: Buffer) => opts.capture!.push(c.toString()))
    child.once('error', fail)
    child.once('exit', code => done(code ?? 1))
  })
}
