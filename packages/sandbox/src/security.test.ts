import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSandbox } from './index.js'

// One isolate, so "the next run" really is the same isolate (and the same expression context).
// Both isolations run the same sandboxing code; process only adds the child around it.
const ISOLATIONS = ['process', 'inline'] as const

describe.each(ISOLATIONS)('%s isolation', (isolation) => {
  const sandbox = createSandbox({ isolation, poolSize: 1 })
  // The first call would otherwise also wait for the child processes to boot (or the first isolate).
  beforeAll(() => sandbox.run('return 0'))
  afterAll(() => sandbox.dispose())

  const HOST_NAMES = ['process', 'require', 'module', 'exports', 'Buffer', 'global', '__dirname', '__filename',
    'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'fetch', 'console', 'WebAssembly',
    'SharedArrayBuffer', 'Atomics', 'eval', 'structuredClone', 'performance']

  describe('no host inside', () => {
    it('has no require, process, module, timers or network', async () => {
      const r = await sandbox.run(`return [typeof require, typeof process, typeof module, typeof globalThis.setTimeout,
        typeof setInterval, typeof fetch, typeof XMLHttpRequest, typeof Buffer]`)
      expect(r).toMatchObject({ ok: true, value: Array(8).fill('undefined') })
      for (const source of ['return require("fs")', 'return process.env', 'return setTimeout(() => 1, 0)'])
        expect(await sandbox.run(source)).toMatchObject({ ok: false, error: { code: 'runtime', message: expect.stringMatching(/ReferenceError/) } })
      expect(await sandbox.evaluate('process', {})).toMatchObject({ ok: false, error: { code: 'runtime' } })
    })

    it('contains this.constructor.constructor("return process")()', async () => {
      const r = await sandbox.run('return this.constructor.constructor("return process")()')
      expect(r).toMatchObject({ ok: false, error: { code: 'runtime', message: 'ReferenceError: process is not defined (line 1)' } })
      const viaInput = await sandbox.run('return ticket.constructor.constructor("return typeof process")()', { ticket: {} })
      expect(viaInput).toMatchObject({ ok: true, value: 'undefined' })
      const expr = await sandbox.evaluate('ticket.constructor.constructor("return process")()', { ticket: {} })
      expect(expr).toMatchObject({ ok: false, error: { code: 'runtime', message: expect.stringContaining('process is not defined') } })
    })

    it('Function("return this")() is a global with only ECMAScript built-ins', async () => {
      const names = JSON.stringify(HOST_NAMES)
      const script = await sandbox.run(`const g = Function('return this')(); return ${names}.filter((n) => n in g)`)
      expect(script).toMatchObject({ ok: true, value: [] })
      const expr = await sandbox.evaluate(`${names}.filter((n) => n in Function('return this')())`, {})
      expect(expr).toMatchObject({ ok: true, value: [] })
      const all = await sandbox.run('return Object.getOwnPropertyNames(globalThis)')
      expect(all.ok && (all.value as string[]).filter(n => !/^[A-Z]/.test(n)).sort()).toEqual([
        'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'globalThis',
        'isFinite', 'isNaN', 'parseFloat', 'parseInt', 'undefined', 'unescape',
      ])
    })

    it('import() fails and static import does not parse', async () => {
      const dynamic = await sandbox.run('return import("fs")')
      expect(dynamic.ok).toBe(false)
      expect(await sandbox.evaluate('import("fs")', {})).toMatchObject({ ok: false })
      expect(await sandbox.run('import fs from "fs"\nreturn fs')).toMatchObject({ ok: false, error: { code: 'syntax' } })
    })
  })

  describe('prototype pollution', () => {
    it('scripts may pollute their own context, but not the host or the next run', async () => {
      const polluted = await sandbox.run(`
        Object.prototype.x = 1
        ;({}).__proto__.polluted = 1
        ;({}).constructor.prototype.viaCtor = 1
        Array.prototype.map = null
        return ({}).x + ({}).polluted + ({}).viaCtor`)
      expect(polluted).toMatchObject({ ok: true, value: 3 })
      const host = {} as Record<string, unknown>
      expect([host.x, host.polluted, host.viaCtor, typeof [].map]).toEqual([undefined, undefined, undefined, 'function'])
      const next = await sandbox.run('return [typeof ({}).x, typeof ({}).polluted, typeof ({}).viaCtor, typeof [].map]')
      expect(next).toMatchObject({ ok: true, value: ['undefined', 'undefined', 'undefined', 'function'] })
    })

    it('expressions cannot touch the frozen intrinsics at all', async () => {
      for (const expr of ['Object.prototype.x = 1', '({}).__proto__.polluted = 1', '({}).constructor.prototype.p = 1',
        'Array.prototype.push = null', 'JSON.parse = null', 'Math.max = Math.min',
        'Object.getPrototypeOf([][Symbol.iterator]()).next = null',
        'Object.getPrototypeOf(function* () {}).prototype.next = null', 'Object.defineProperty(globalThis, "leak", { value: 1 })']) {
        expect(await sandbox.evaluate(expr, {}), expr).toMatchObject({ ok: false, error: { code: 'runtime' } })
      }
      const clean = await sandbox.evaluate('[typeof ({}).x, typeof ({}).polluted, [3, 1].map(n => n * 2), Math.max(1, 2)]', {})
      expect(clean).toMatchObject({ ok: true, value: ['undefined', 'undefined', [6, 2], 2] })
    })

    it('a __proto__ key in the output stays plain data on the host', async () => {
      const r = await sandbox.run('return JSON.parse(\'{"__proto__": {"polluted": 1}, "a": 1}\')')
      expect(r.ok).toBe(true)
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      if (r.ok) expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype)
    })
  })

  describe('no state between runs', () => {
    it('script globals and inputs are gone in the next run', async () => {
      await sandbox.run('globalThis.leak = secret; var v = 1; function f() {}', { secret: '机密' })
      const next = await sandbox.run('return [typeof leak, typeof v, typeof f, typeof secret]')
      expect(next).toMatchObject({ ok: true, value: ['undefined', 'undefined', 'undefined', 'undefined'] })
    })

    it('expressions cannot create globals, even through Function', async () => {
      expect(await sandbox.evaluate('globalThis.leak = secret', { secret: 1 })).toMatchObject({ ok: false })
      await sandbox.evaluate('Function("leak2 = 1")()', {})
      await sandbox.evaluate('Function("var leak3 = 1; this.leak4 = 1")()', {})
      const next = await sandbox.evaluate('[typeof leak, typeof leak2, typeof leak3, typeof leak4, typeof secret, typeof eval]', {})
      expect(next).toMatchObject({ ok: true, value: Array(6).fill('undefined') })
    })

    it('the previous match does not leak through RegExp statics', async () => {
      await sandbox.evaluate('/(\\d{11})/.test(phone)', { phone: '13800138000' })
      expect(await sandbox.evaluate('[typeof RegExp.$1, typeof RegExp.lastMatch, typeof RegExp.input]', {}))
        .toMatchObject({ ok: true, value: ['undefined', 'undefined', 'undefined'] })
    })

    it('input objects are fresh copies each call', async () => {
      const input = { ticket: { n: 1 } }
      await sandbox.run('ticket.n = 99; return ticket.n', input)
      expect(input.ticket.n).toBe(1)
      expect(await sandbox.evaluate('(ticket.n = 2, ticket.n)', input)).toMatchObject({ ok: true, value: 2 })
      expect(await sandbox.evaluate('ticket.n', input)).toMatchObject({ ok: true, value: 1 })
    })
  })
})
