import { describe, expect, it } from 'vitest'
import { compile, decompile, extractLayout, type DesignerGraph } from './compile.js'
import { exampleFlows, twoLevelApproval } from './examples.js'
import type { FlowIR } from './ir.js'
import { autoLayout } from './layout.js'
import { compareIds } from './util.js'
import { validate } from './validate.js'

/** What React Flow hands the designer's save button: positions, UI state, handles. */
const designer: DesignerGraph = {
  nodes: [
    { id: 'n10', type: 'end', position: { x: 900, y: 0 }, data: { name: '结束', config: {} }, selected: true },
    { id: 'n2', type: 'approval', position: { x: 300, y: 0 }, measured: { width: 180, height: 60 },
      data: { name: '审批', icon: 'audit', config: { levels: [{ approvers: { role: 'lead' }, mode: 'any' }] } } },
    { id: 'n1', type: 'start', position: { x: 0, y: 0 }, data: {} },
    { id: 'n3', type: 'userTask', position: { x: 600, y: 150 }, dragging: false,
      data: { name: '', config: { assign: { strategy: 'initiator' }, sla: undefined } } },
  ],
  edges: [
    { id: 'e3', source: 'n2', target: 'n3', sourceHandle: 'reject', label: '驳回', animated: true },
    { id: 'e1', source: 'n1', target: 'n2', sourceHandle: null },
    { id: 'e10', source: 'n3', target: 'n2', sourceHandle: 'out', data: { label: '重新提交' } },
    { id: 'e2', source: 'n2', target: 'n10', sourceHandle: 'reject', data: { on: 'next' } },
  ],
}

describe('compile', () => {
  const ir = compile(designer, { key: 'refund', version: 2, name: '退款' })

  it('strips layout and UI state, sorts by id, maps handles to outcomes', () => {
    expect(ir).toEqual({
      key: 'refund',
      version: 2,
      name: '退款',
      nodes: [
        { id: 'n1', type: 'start' },
        { id: 'n2', type: 'approval', name: '审批', config: { levels: [{ approvers: { role: 'lead' }, mode: 'any' }] } },
        { id: 'n3', type: 'userTask', config: { assign: { strategy: 'initiator' } } },
        { id: 'n10', type: 'end', name: '结束' },
      ],
      edges: [
        { id: 'e1', from: 'n1', to: 'n2' },
        { id: 'e2', from: 'n2', to: 'n10' },
        { id: 'e3', from: 'n2', to: 'n3', on: 'reject', label: '驳回' },
        { id: 'e10', from: 'n3', to: 'n2', label: '重新提交' },
      ],
    })
    expect(validate(ir)).toEqual([])
  })

  it('maps every outcome handle', () => {
    for (const on of ['reject', 'warning', 'breach', 'timeout', 'error'] as const) {
      const g: DesignerGraph = { nodes: [], edges: [{ id: 'e', source: 'a', target: 'b', sourceHandle: on }] }
      expect(compile(g, { key: 'k', version: 1 }).edges[0].on).toBe(on)
    }
  })

  it('copies configs and conditions instead of sharing them with the designer', () => {
    const when = { '==': [{ var: 'customer.tier' }, 'VIP'] }
    const g: DesignerGraph = {
      nodes: [{ id: 'x', type: 'exclusive', position: { x: 0, y: 0 }, data: { config: { default: 'b' } } }],
      edges: [{ id: 'a', source: 'x', target: 'y', data: { when } }],
    }
    const out = compile(g, { key: 'k', version: 1 })
    when['=='][1] = 'changed'
    g.nodes[0].data!.config!.default = 'changed'
    expect(out.edges[0].when).toEqual({ '==': [{ var: 'customer.tier' }, 'VIP'] })
    expect(out.nodes[0].config).toEqual({ default: 'b' })
  })

  it('is deterministic whatever order the designer keeps', () => {
    const reversed = { nodes: [...designer.nodes].reverse(), edges: [...designer.edges].reverse() }
    expect(JSON.stringify(compile(reversed, { key: 'refund', version: 2, name: '退款' }))).toBe(JSON.stringify(ir))
  })
})

const canonical = (ir: FlowIR): FlowIR => ({
  ...ir,
  nodes: [...ir.nodes].sort((a, b) => compareIds(a.id, b.id)),
  edges: [...ir.edges].sort((a, b) => compareIds(a.id, b.id)),
})

describe('decompile', () => {
  for (const [name, ir] of Object.entries(exampleFlows)) {
    it(`round-trips ${name}`, () => {
      const graph = decompile(ir)
      expect(compile(graph, { key: ir.key, version: ir.version, name: ir.name })).toEqual(canonical(ir))
    })
  }

  it('puts outcome edges on matching handles and keeps saved positions', () => {
    const layout = { start: { x: 5, y: 6 }, approve: { x: 100, y: 6 }, revise: { x: 100, y: 200 }, refund: { x: 300, y: 6 }, end: { x: 500, y: 6 } }
    const graph = decompile(twoLevelApproval, layout)
    expect(graph.edges.find((e) => e.id === 'e3')).toEqual({
      id: 'e3', source: 'approve', target: 'revise', sourceHandle: 'reject', data: { on: 'reject', label: '驳回' },
    })
    expect(extractLayout(graph)).toEqual(layout)
    expect(graph.nodes[1]).toMatchObject({ id: 'approve', type: 'approval', data: { name: '退款审批' } })
  })

  it('auto-positions nodes without a saved position', () => {
    const graph = decompile(twoLevelApproval, { start: { x: -50, y: -50 } })
    const pos = extractLayout(graph)
    expect(pos.start).toEqual({ x: -50, y: -50 })
    expect(pos.approve.x).toBeGreaterThan(0)
  })
})

describe('autoLayout', () => {
  it('layers left to right, branches stacked, loops ignored', () => {
    const par = autoLayout(exampleFlows.departmentsInParallel)
    expect(par.s).toEqual({ x: 0, y: 0 })
    expect(par.split.x).toBe(240)
    expect([par.sales.x, par.tech.x, par.finance.x]).toEqual([480, 480, 480])
    expect(new Set([par.sales.y, par.tech.y, par.finance.y]).size).toBe(3)
    expect(par.join.x).toBe(720)
    const loop = autoLayout(twoLevelApproval)
    expect(loop.approve.x).toBe(240)
    expect(loop.revise.x).toBe(480) // revise → approve is a loop back, not a reason to move approve right
  })

  it('puts an SLA boundary after its task', () => {
    const pos = autoLayout(exampleFlows.slaEscalation)
    expect(pos.sla.x).toBe(pos.handle.x + 240)
  })
})
