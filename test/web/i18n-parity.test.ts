// The UI's two languages stay complete: every apps/web/src/i18n/*.zh-CN.ts has an *.en-US.ts twin
// with the same keys and placeholders, nothing is empty, English has no Chinese left in it (a sign
// of an untranslated string), and no .tsx outside i18n carries Chinese text of its own.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const webSrc = fileURLToPath(new URL('../../apps/web/src/', import.meta.url))
const i18nDir = join(webSrc, 'i18n')
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort()

type Messages = Record<string, string>
const load = async (file: string): Promise<Messages> => (await import(pathToFileURL(join(i18nDir, file)).href)).default as Messages

/** [zh-CN file, en-US file] pairs: the base files and every feature's own pair. */
const pairs = readdirSync(i18nDir).filter(f => f.endsWith('zh-CN.ts')).map(zh => [zh, zh.replace('zh-CN.ts', 'en-US.ts')] as const)

describe('i18n: zh-CN and en-US have the same messages', () => {
  it('finds the base pair and the feature pairs', () => {
    expect(pairs.map(p => p[0])).toContain('zh-CN.ts')
    expect(pairs.length).toBeGreaterThan(5)
  })

  it.each(pairs)('%s and %s: same keys, same placeholders, nothing empty, English without CJK', async (zhFile, enFile) => {
    const zh = await load(zhFile)
    const en = await load(enFile)
    expect(Object.keys(en).sort(), `keys of ${enFile} vs ${zhFile}`).toEqual(Object.keys(zh).sort())
    for (const [key, text] of Object.entries(zh)) {
      expect(typeof text === 'string' && text.trim() !== '', `${zhFile}: ${key} is empty`).toBe(true)
      expect(typeof en[key] === 'string' && en[key].trim() !== '', `${enFile}: ${key} is empty`).toBe(true)
      expect(placeholders(en[key]), `placeholders of ${key}`).toEqual(placeholders(text))
      expect(CJK.test(en[key]), `${enFile}: ${key} = "${en[key]}" looks untranslated`).toBe(false)
    }
  })

  it('every feature file is part of the base messages', async () => {
    const base = await load('zh-CN.ts')
    for (const [zhFile] of pairs.filter(p => p[0] !== 'zh-CN.ts'))
      for (const key of Object.keys(await load(zhFile))) expect(base[key], `${zhFile}: ${key} is not spread into zh-CN.ts`).toBeDefined()
  })
})

/**
 * Chinese in .tsx that is legitimately not a UI message, with the reason. `file` is relative to
 * apps/web/src, `text` the literal's exact text.
 */
const ALLOWED: Array<{ file: string, text: string, why: string }> = [
  { file: 'features/flow-designer/panel/fields/basic.tsx', text: '，', why: 'input parsing: a full-width comma typed by a Chinese IME separates tags too' },
]

function* tsxFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name)
    if (e.isDirectory()) { if (path !== i18nDir) yield* tsxFiles(path) }
    else if (e.name.endsWith('.tsx')) yield path
  }
}

/** String literals, template pieces and JSX text that contain CJK characters (comments are not nodes). */
function cjkIn(source: ts.SourceFile): Array<{ line: number, text: string }> {
  const found: Array<{ line: number, text: string }> = []
  const visit = (node: ts.Node) => {
    if ((ts.isStringLiteralLike(node) || ts.isJsxText(node) || ts.isTemplateLiteralToken(node)) && CJK.test(node.text))
      found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text.trim() })
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

const parseTsx = (path: string, text = readFileSync(path, 'utf8')) => ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)

describe('i18n: no hard-coded Chinese in the UI code', () => {
  it('apps/web/src/**/*.tsx outside i18n has no CJK string literals or JSX text (allow-listed data aside)', () => {
    const offenders: string[] = []
    const used = new Set<(typeof ALLOWED)[number]>()
    let files = 0
    for (const path of tsxFiles(webSrc)) {
      files++
      const file = relative(webSrc, path)
      for (const hit of cjkIn(parseTsx(path))) {
        const allowed = ALLOWED.find(a => a.file === file && a.text === hit.text)
        if (allowed) used.add(allowed)
        else offenders.push(`${file}:${hit.line} "${hit.text}"`)
      }
    }
    expect(files).toBeGreaterThan(20)
    expect(offenders, 'move these strings into apps/web/src/i18n (or allow-list real data with a reason)').toEqual([])
    // An entry whose literal is gone would silently allow it back: the list stays exact.
    expect(ALLOWED.filter(a => !used.has(a)).map(a => `${a.file} "${a.text}"`), 'stale allow-list entries').toEqual([])
  })

  it('the check sees JSX text, attributes and template literals', () => {
    const probe = parseTsx('probe.tsx', 'const a = <b title="标题">你好 {`共 ${n} 条`}</b>')
    const texts = cjkIn(probe).map(h => h.text)
    expect(texts).toEqual(['标题', '你好', '共', '条'])
  })
})
