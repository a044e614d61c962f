import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSandbox } from './index.js'

// Both isolations run the same sandboxing code; process only adds the child around it.
const ISOLATIONS = ['process', 'inline'] as const

describe.each(ISOLATIONS)('%s isolation', (isolation) => {
  const sandbox = createSandbox({ isolation })
  // The first call would otherwise also wait for the child processes to boot (or the first isolate);
  // with process isolation, wait for both children so tests needing two isolates at once get them.
  beforeAll(async () => {
    await sandbox.run('return 0')
    await sandbox.evaluate('0', {})
    while ((sandbox.stats().processes ?? 2) < 2) await new Promise(resolve => setTimeout(resolve, 20))
  })
  afterAll(() => sandbox.dispose())

  describe('run (function bodies)', () => {
    it('returns the value of a script using named globals', async () => {
      const r = await sandbox.run('return ticket.fields.hours * 12000', { ticket: { fields: { hours: 2.5 } } })
      expect(r).toMatchObject({ ok: true, value: 30000 })
      expect(r.durationMs).toBeGreaterThanOrEqual(0)
    })

    it('supports statements, loops and every documented global name', async () => {
      const source = `
        let total = 0
        for (const line of form.lines) total += line.qty * params.price
        return { total, who: customer.name, vars, inputs, ticket: ticket.id }`
      const r = await sandbox.run(source, {
        form: { lines: [{ qty: 2 }, { qty: 3 }] }, params: { price: 10 }, customer: { name: 'ACME' },
        vars: { a: 1 }, inputs: [1, 2], ticket: { id: 't1' },
      })
      expect(r).toMatchObject({ ok: true, value: { total: 50, who: 'ACME', vars: { a: 1 }, inputs: [1, 2], ticket: 't1' } })
    })

    it('round-trips Chinese strings in both directions', async () => {
      const r = await sandbox.run('return { 标题: `工单：${ticket.标题}`, 状态: "已完成" }', { ticket: { 标题: '空调维修🔧' } })
      expect(r).toMatchObject({ ok: true, value: { 标题: '工单：空调维修🔧', 状态: '已完成' } })
      const e = await sandbox.evaluate('工时 * 单价', { 工时: 3, 单价: 200 })
      expect(e).toMatchObject({ ok: true, value: 600 })
    })

    it('returns undefined for a script without return', async () => {
      expect(await sandbox.run('const x = 1')).toMatchObject({ ok: true, value: undefined })
    })

    it('reports runtime errors as values with the user line', async () => {
      const r = await sandbox.run('const a = 1\nreturn ticket.missing.field', { ticket: {} })
      expect(r.ok).toBe(false)
      if (!r.ok) {
        expect(r.error.code).toBe('runtime')
        expect(r.error.message).toContain("Cannot read properties of undefined (reading 'field')")
        expect(r.error.message).toContain('(line 2)')
      }
      const thrown = await sandbox.run('throw "nope"')
      expect(thrown).toMatchObject({ ok: false, error: { code: 'runtime', message: 'Uncaught nope' } })
    })

    it('reports syntax errors on run as well', async () => {
      expect(await sandbox.run('return (')).toMatchObject({ ok: false, error: { code: 'syntax' } })
    })
  })

  describe('evaluate (expressions)', () => {
    it('evaluates the settlement formula', async () => {
      const input = { ticket: { hours: 3 }, rate: 12000, urgent: true }
      const r = await sandbox.evaluate('ticket.hours * rate + (urgent ? 5000 : 0)', input)
      expect(r).toMatchObject({ ok: true, value: 41000 })
      const again = await sandbox.evaluate('ticket.hours * rate + (urgent ? 5000 : 0)', { ...input, urgent: false })
      expect(again).toMatchObject({ ok: true, value: 36000 })
    })

    it('recompiles when the same expression gets differently named inputs', async () => {
      expect(await sandbox.evaluate('typeof a', { a: 1 })).toMatchObject({ ok: true, value: 'number' })
      expect(await sandbox.evaluate('typeof a', { b: 1 })).toMatchObject({ ok: true, value: 'undefined' })
    })

    it('skips input keys that are not identifiers instead of failing', async () => {
      expect(await sandbox.evaluate('x + 1', { 'x-y': 1, class: 2, x: 1 })).toMatchObject({ ok: true, value: 2 })
    })

    it('rejects statements and reports syntax errors', async () => {
      expect(await sandbox.evaluate('1 +', {})).toMatchObject({ ok: false, error: { code: 'syntax' } })
      expect(await sandbox.evaluate('a; b', {})).toMatchObject({ ok: false, error: { code: 'syntax' } })
    })

    it('runs ordinary formulas despite the frozen intrinsics', async () => {
      const cases: Array<[string, unknown]> = [
        ['new Date(ticket.created).toISOString().slice(0, 10)', '2024-05-01'],
        ['(ticket.hours * 1.5).toFixed(2)', '4.50'],
        ['new Intl.NumberFormat("zh-CN", { style: "currency", currency: "CNY" }).format(1234.5)', '¥1,234.50'],
        ['[...ticket.tags].sort().join("/")', 'a/b/工单'],
        ['Object.entries({ a: 1 }).map(([k, v]) => `${k}=${v}`)', ['a=1']],
        ['ticket.title.replace(/修/g, "理").padStart(5, "*")', '*空调维理'],
        ['Math.max(...ticket.tags.map(t => t.length))', 2],
        ['Array.from({ length: 3 }, (_, i) => i * ticket.hours)', [0, 3, 6]],
        ['(() => { class A { constructor(x) { this.x = x } } return new A(1).x })()', 1],
        ['ticket.missing?.deep ?? "默认"', '默认'],
      ]
      const input = { ticket: { created: '2024-05-01T08:00:00Z', hours: 3, tags: ['b', '工单', 'a'], title: '空调维修' } }
      // A generous limit: the first zh-CN format loads ICU data, which can exceed a wall-clock 50 ms under load.
      for (const [expr, value] of cases)
        expect(await sandbox.evaluate(expr, input, { timeoutMs: 1_000 }), expr).toMatchObject({ ok: true, value })
    })

    it('cannot close the wrapper function to run code at the context top level', async () => {
      const r = await sandbox.evaluate('1)}; globalThis.x = 1; (function(){(1', {})
      expect(r).toMatchObject({ ok: false, error: { code: 'syntax' } })
    })
  })

  describe('output is JSON only', () => {
    it.each([
      ['a function', 'return () => 1'],
      ['a nested function', 'return { calc() { return 1 } }'],
      ['a symbol', 'return Symbol("x")'],
      ['a bigint', 'return 10n'],
      ['a Map', 'return new Map([[1, 2]])'],
      ['a Promise', 'return Promise.resolve(1)'],
      ['a circular object', 'const o = {}; o.self = o; return o'],
    ])('rejects %s with an output error', async (_, source) => {
      const r = await sandbox.run(source)
      expect(r).toMatchObject({ ok: false, error: { code: 'output' } })
      if (!r.ok) expect(r.error.message.length).toBeGreaterThan(10)
    })

    it('names the offending key', async () => {
      const r = await sandbox.evaluate('({ total: 1, calc: () => 2 })', {})
      expect(r).toMatchObject({ ok: false, error: { code: 'output', message: expect.stringContaining('"calc"') } })
    })

    it('passes plain values, dates as ISO strings, nested arrays', async () => {
      const r = await sandbox.run('return { d: new Date(0), list: [1, "二", null, true], n: new Number(3) }')
      expect(r).toMatchObject({ ok: true, value: { d: '1970-01-01T00:00:00.000Z', list: [1, '二', null, true], n: 3 } })
    })

    it('rejects input that is not JSON', async () => {
      const r = await sandbox.run('return 1', { big: 1n })
      expect(r).toMatchObject({ ok: false, error: { code: 'runtime', message: expect.stringContaining('input') } })
    })
  })

  describe('check', () => {
    it('returns undefined for valid sources and the message for parse errors', async () => {
      expect(await sandbox.check('return ticket.fields.hours * 12000')).toBeUndefined()
      expect(await sandbox.check('ticket.hours * rate', 'expression')).toBeUndefined()
      expect(await sandbox.check('let x = 1\nreturn x +')).toMatch(/^Unexpected end of script \(line 2\)/)
      expect(await sandbox.check('let let = 1')).toMatch(/let.*\(line 1, column \d+\)/)
      expect(await sandbox.check('ticket.hours *', 'expression')).toMatch(/Unexpected end of input/)
      expect(await sandbox.check('import fs from "fs"')).toBeTypeOf('string')
    })

    it('does not run the code it checks', async () => {
      expect(await sandbox.check('while (true) {}')).toBeUndefined()
      expect(await sandbox.check('(() => { while (true) {} })()', 'expression')).toBeUndefined()
    })
  })

  describe('limits', () => {
    it('applies per-call and per-tenant limits', async () => {
      const tenant = sandbox.withLimits({ timeoutMs: 20 })
      const r = await tenant.run('while (true) {}')
      expect(r).toMatchObject({ ok: false, error: { code: 'timeout', message: expect.stringContaining('20 ms') } })
      const generous = await tenant.run('let i = 0; while (i < 1e6) i++; return i', {}, { timeoutMs: 1000 })
      expect(generous).toMatchObject({ ok: true, value: 1e6 })
    })
  })
})
