import { HttpError } from '@scrm/kernel'
import { describe, expect, it } from 'vitest'
import { readPluginTarball } from './package.js'
import { readTarball, writeTarball } from './tar.js'

const limits = { maxUnpackedBytes: 64 * 1024, maxEntries: 20 }
const manifest = (over: Record<string, unknown> = {}) => Buffer.from(JSON.stringify({
  name: 'scrm-plugin-hello', version: '1.0.0', type: 'module', exports: { '.': { default: './dist/index.js' } }, scrm: { plugin: true }, ...over,
}))
const code = Buffer.from('export default { name: "hello", version: "1.0.0", setup() {} }')

function refusal(fn: () => unknown): HttpError {
  try { fn() }
  catch (err) { if (err instanceof HttpError) return err; throw err }
  throw new Error('expected a refusal')
}

describe('plugin tarballs', () => {
  it('reads an npm-style package and finds its entry', () => {
    const pkg = readPluginTarball(writeTarball([
      { path: 'package/package.json', content: manifest() },
      { path: 'package/dist/index.js', content: code },
    ]), limits)
    expect(pkg).toMatchObject({ name: 'scrm-plugin-hello', version: '1.0.0', entry: 'dist/index.js' })
    expect(pkg.files.map(f => f.path).sort()).toEqual(['dist/index.js', 'package.json'])
  })

  it.each([
    ['package/../../etc/passwd', 'archive/package/../../etc/passwd'],
    ['/etc/passwd', 'archive//etc/passwd'],
    ['package/dist/../../../x.js', 'archive/package/dist/../../../x.js'],
  ])('refuses the path-traversal entry %s with a 400 naming it', (path, field) => {
    const err = refusal(() => readPluginTarball(writeTarball([
      { path: 'package/package.json', content: manifest() },
      { path, content: code },
    ]), limits))
    expect(err.statusCode).toBe(400)
    expect(err.message).toMatch(/unsafe path/)
    expect(err.details).toEqual([expect.objectContaining({ field })])
  })

  it('refuses symbolic links and entries outside package/', () => {
    const link = refusal(() => readPluginTarball(writeTarball([
      { path: 'package/package.json', content: manifest() },
      { path: 'package/dist/index.js', content: Buffer.alloc(0), type: '2' },
    ]), limits))
    expect(link.statusCode).toBe(400)
    expect(link.message).toMatch(/not a regular file/)
    const outside = refusal(() => readPluginTarball(writeTarball([
      { path: 'package/package.json', content: manifest() },
      { path: 'other/index.js', content: code },
    ]), limits))
    expect(outside.details).toEqual([expect.objectContaining({ field: 'archive/other/index.js' })])
  })

  it('refuses an archive that unpacks beyond the limit (413) or holds too many files', () => {
    const big = refusal(() => readPluginTarball(writeTarball([
      { path: 'package/package.json', content: manifest() },
      { path: 'package/dist/index.js', content: Buffer.alloc(200 * 1024, 32) },
    ]), limits))
    expect(big.statusCode).toBe(413)
    const many = refusal(() => readPluginTarball(writeTarball(Array.from({ length: 25 }, (_, i) => ({ path: `package/f${i}.js`, content: code }))), limits))
    expect(many.statusCode).toBe(413)
    expect(many.message).toMatch(/more than 20 files/)
  })

  it.each([
    [{ name: 'hello' }, 'package.json/name'],
    [{ name: '../scrm-plugin-x' }, 'package.json/name'],
    [{ version: 'latest' }, 'package.json/version'],
    [{ scrm: undefined }, 'package.json/scrm'],
    [{ dependencies: { 'left-pad': '1.0.0' } }, 'package.json/dependencies'],
    [{ exports: './dist/missing.js' }, 'package.json/exports'],
    [{ exports: '../outside.js' }, 'package.json/exports'],
  ])('refuses a bad manifest %j naming %s', (over, field) => {
    const err = refusal(() => readPluginTarball(writeTarball([
      { path: 'package/package.json', content: manifest(over) },
      { path: 'package/dist/index.js', content: code },
    ]), limits))
    expect(err.statusCode).toBe(400)
    expect(err.details).toEqual([expect.objectContaining({ field })])
  })

  it('refuses what is not a gzip tarball, and a tarball without package.json', () => {
    expect(refusal(() => readPluginTarball(Buffer.from([0x1F, 0x8B, 1, 2, 3]), limits)).statusCode).toBe(400)
    const err = refusal(() => readPluginTarball(writeTarball([{ path: 'package/dist/index.js', content: code }]), limits))
    expect(err.details).toEqual([expect.objectContaining({ field: 'archive/package/package.json' })])
  })

  it('reads pax long names as npm writes them', () => {
    const long = `package/${'d/'.repeat(60)}index.js`
    const body = ` path=${long}\n`
    const record = `${body.length + String(body.length + 3).length}${body}`
    const entries = readTarball(writeTarball([{ path: 'PaxHeader', content: Buffer.from(record), type: 'x' }, { path: 'package/short', content: code }]), limits)
    expect(entries.map(e => e.path)).toEqual([long])
  })
})
