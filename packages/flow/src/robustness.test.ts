/**
 * validate() and compile/decompile see half-drawn and hostile input; they must never throw.
 * Seeded pseudo-random flows (deterministic), including garbage configs and conditions.
 */
import { describe, expect, it } from 'vitest'
import { compile, decompile } from './compile.js'
import { diffVersions } from './diff.js'
import { CORE_NODE_TYPES, type FlowEdge, type FlowIR, type FlowNode } from './ir.js'
import { validate } from './validate.js'

function rng(seed: number) {
  let s = seed >>> 0
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]
  return { next, pick }
}

const JUNK: unknown[] = [
  undefined, null, 0, -1, 'PT2H', 'P1M', '', '   ', 'x', [], {}, [1, 'a'], { var: 'customer.tier' },
  { '==': [{ var: 'x' }] }, { nope: 1 }, { assign: {} }, { role: 'r' }, 'return (', 'return 1', true, 3.5,
  { attachedTo: 'n1', target: 'PT1H', interrupting: true }, { levels: [{}] }, { set: { 'vars.a': { var: 'form.b' } } },
]
const CONFIG_KEYS = ['assign', 'levels', 'default', 'duration', 'until', 'attachedTo', 'target', 'warnAt', 'interrupting',
  'notifier', 'to', 'subject', 'body', 'set', 'source', 'output', 'timeoutMs', 'flowKey', 'input', 'event', 'timeout', 'sla']
const TYPES = [...CORE_NODE_TYPES, 'plugin', '', 'start', 'userTask']
const ONS = [undefined, 'next', 'reject', 'warning', 'breach', 'timeout', 'error', 'bogus']

function randomFlow(seed: number): FlowIR {
  const r = rng(seed)
  const count = 1 + Math.floor(r.next() * 10)
  const ids = Array.from({ length: count }, (_, i) => `n${i}`)
  const nodes: FlowNode[] = ids.map((id) => {
    const config: Record<string, unknown> = {}
    for (let k = Math.floor(r.next() * 4); k > 0; k--) config[r.pick(CONFIG_KEYS)] = r.pick(JUNK)
    return { id: r.next() < 0.05 ? r.pick(ids) : id, type: r.pick(TYPES), ...(r.next() < 0.8 ? { config } : {}) }
  })
  const edges: FlowEdge[] = Array.from({ length: Math.floor(r.next() * count * 2) }, (_, i) => {
    const e: FlowEdge = { id: `e${i}`, from: r.pick([...ids, 'ghost']), to: r.pick([...ids, 'ghost']) }
    const on = r.pick(ONS)
    if (on) e.on = on as FlowEdge['on']
    if (r.next() < 0.3) e.when = r.pick(JUNK) as FlowEdge['when']
    return e
  })
  return { key: 'fuzz', version: seed, nodes, edges }
}

describe('robustness', () => {
  it('validate never throws and every diagnostic is well-formed', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const ir = randomFlow(seed)
      const diags = validate(ir)
      for (const d of diags) {
        expect(['error', 'warning']).toContain(d.severity)
        expect(d.message['zh-CN'] && d.message['en-US']).toBeTruthy()
        if (d.nodeId !== undefined) expect(ir.nodes.some((n) => n.id === d.nodeId), JSON.stringify(d)).toBe(true)
        if (d.edgeId !== undefined) expect(ir.edges.some((e) => e.id === d.edgeId), JSON.stringify([d, ir.edges])).toBe(true)
      }
    }
  })

  it('decompile → compile is the identity on canonical IR, and diff of a flow with itself is empty', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const ir = compile(decompile(randomFlow(seed)), { key: 'fuzz', version: seed })
      expect(compile(decompile(ir), { key: 'fuzz', version: seed })).toEqual(ir)
      const d = diffVersions(ir, ir)
      expect(d.nodes.changed.length + d.edges.changed.length).toBe(0)
    }
  })
})
