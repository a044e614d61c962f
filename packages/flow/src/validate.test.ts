import { describe, expect, it } from 'vitest'
import { exampleFlows } from './examples.js'
import { hasErrors } from './diagnostics.js'
import type { FlowIR } from './ir.js'
import { around, edge, end, expectOnly, flow, node, start, task, VIP } from './test-helpers.js'
import { validate } from './validate.js'

describe('validate: example flows', () => {
  for (const [name, ir] of Object.entries(exampleFlows)) {
    it(`${name} has no diagnostics`, () => {
      expect(validate(ir)).toEqual([])
    })
  }

  it('accepts nested parallel regions', () => {
    const ir = flow(
      [start(), node('p1', 'parallelSplit'), task('a'), node('p2', 'parallelSplit'), task('b'), task('c'),
        node('j2', 'parallelJoin'), node('j1', 'parallelJoin'), end()],
      [edge('e1', 's', 'p1'), edge('e2', 'p1', 'a'), edge('e3', 'p1', 'p2'), edge('e4', 'p2', 'b'), edge('e5', 'p2', 'c'),
        edge('e6', 'b', 'j2'), edge('e7', 'c', 'j2'), edge('e8', 'j2', 'j1'), edge('e9', 'a', 'j1'), edge('e10', 'j1', 'end')],
    )
    expect(validate(ir)).toEqual([])
  })

  it('hasErrors ignores warnings', () => {
    const ir = flow([start(), task('t'), end()], [edge('e1', 's', 't'), edge('e2', 't', 'end', { when: VIP })])
    const diags = validate(ir)
    expect(diags.map((d) => d.severity)).toEqual(['warning'])
    expect(hasErrors(diags)).toBe(false)
  })
})

describe('validate: structure', () => {
  it('invalid_ir: not a flow', () => {
    expectOnly(validate({ key: 'x', version: 1 } as unknown as FlowIR), { code: 'invalid_ir', severity: 'error' })
    expectOnly(validate(flow([{ id: 'a' } as never], [])), { code: 'invalid_ir', nodeId: 'a' })
  })

  it('duplicate_id: node and edge', () => {
    const nodes = flow([start(), task('t'), task('t'), end()], [edge('e1', 's', 't'), edge('e2', 't', 'end')])
    expectOnly(validate(nodes), { code: 'duplicate_id', severity: 'error', nodeId: 't' })
    const edges = flow([start(), task('t'), end()], [edge('e1', 's', 't'), edge('e1', 't', 'end')])
    expectOnly(validate(edges), { code: 'duplicate_id', edgeId: 'e1' })
  })

  it('dangling_edge: to and from a missing node', () => {
    const to = around(task('t'))
    to.edges.push(edge('e3', 't', 'ghost'))
    expectOnly(validate(to), { code: 'dangling_edge', severity: 'error', edgeId: 'e3', field: 'to' })
    const from = around(task('t'))
    from.edges.push(edge('e3', 'ghost', 'end'))
    expectOnly(validate(from), { code: 'dangling_edge', edgeId: 'e3', field: 'from' })
  })

  it('unknown_node_type, unless a plugin registered it', () => {
    const ir = around(node('x', 'robotCall'))
    expectOnly(validate(ir), { code: 'unknown_node_type', severity: 'error', nodeId: 'x', field: 'type' })
    expect(validate(ir, { knownNodeTypes: ['robotCall'] })).toEqual([])
  })

  it('no_start', () => {
    const ir = flow([task('t'), end()], [edge('e1', 't', 'end')])
    expectOnly(validate(ir), { code: 'no_start', severity: 'error' })
  })

  it('multiple_starts points at the extra start', () => {
    const ir = flow([start('s1'), start('s2'), end()], [edge('e1', 's1', 'end'), edge('e2', 's2', 'end')])
    expectOnly(validate(ir), { code: 'multiple_starts', severity: 'error', nodeId: 's2' })
  })

  it('dead_end: a task with no way out', () => {
    const ir = flow([start(), task('t')], [edge('e1', 's', 't')])
    expectOnly(validate(ir), { code: 'dead_end', severity: 'error', nodeId: 't' })
  })

  it('dead_end: only a reject edge is not a way out; an interrupting boundary needs a breach edge', () => {
    const approval = node('a', 'approval', { levels: [{ approvers: { role: 'm' }, mode: 'any' }] })
    const ir = flow([start(), approval, end()], [edge('e1', 's', 'a'), edge('e2', 'a', 'end', { on: 'reject' })])
    expectOnly(validate(ir), { code: 'dead_end', nodeId: 'a' })
    const b = around(task('t'))
    b.nodes.push(node('b', 'slaBoundary', { attachedTo: 't', target: 'PT1H', interrupting: true }))
    expectOnly(validate(b), { code: 'dead_end', nodeId: 'b' })
  })

  it('unreachable', () => {
    const ir = flow([start(), task('t'), end()], [edge('e1', 's', 'end'), edge('e2', 't', 'end')])
    expectOnly(validate(ir), { code: 'unreachable', severity: 'error', nodeId: 't' })
  })

  it('endless_cycle: a loop with no waiting node', () => {
    const ir = flow(
      [start(), node('inc', 'setFields', { set: { 'vars.n': { '+': [{ var: 'vars.n' }, 1] } } }),
        node('x', 'exclusive', { default: 'out' }), end()],
      [edge('e1', 's', 'inc'), edge('e2', 'inc', 'x'),
        edge('back', 'x', 'inc', { when: { '<': [{ var: 'vars.n' }, 3] } }), edge('out', 'x', 'end')],
    )
    const d = expectOnly(validate(ir), { code: 'endless_cycle', severity: 'error', nodeId: 'inc' })
    expect(d.message['en-US']).toContain('inc → x')
  })

  it('a loop through a waiting node is fine', () => {
    expect(validate(exampleFlows.twoLevelApproval)).toEqual([])
  })

  it('edge_outcome_mismatch: reject from a user task (warning)', () => {
    const ir = around(task('t'))
    ir.edges.push(edge('e3', 't', 'end', { on: 'reject' }))
    expectOnly(validate(ir), { code: 'edge_outcome_mismatch', severity: 'warning', edgeId: 'e3', nodeId: 't' })
  })

  it('boundary_bad_target: attached to a non-task or a missing node', () => {
    const ir = around(task('t'))
    ir.nodes.push(node('b', 'slaBoundary', { attachedTo: 's', target: 'PT1H' }))
    expectOnly(validate(ir), { code: 'boundary_bad_target', severity: 'error', nodeId: 'b', field: 'attachedTo' })
    ir.nodes[3].config = { attachedTo: 'ghost', target: 'PT1H' }
    expectOnly(validate(ir), { code: 'boundary_bad_target', nodeId: 'b' })
  })
})

describe('validate: gateways and conditions', () => {
  const gateway = (config: Record<string, unknown>, e3: object = { when: VIP }, e4: object = {}) => flow(
    [start(), node('x', 'exclusive', config), task('t1'), task('t2'), end()],
    [edge('e1', 's', 'x'), edge('e3', 'x', 't1', e3), edge('e4', 'x', 't2', e4), edge('e5', 't1', 'end'), edge('e6', 't2', 'end')],
  )

  it('exclusive_no_default', () => {
    const ir = gateway({}, { when: VIP }, { when: { '!=': [{ var: 'customer.tier' }, 'VIP'] } })
    expectOnly(validate(ir), { code: 'exclusive_no_default', severity: 'error', nodeId: 'x', field: 'default' })
  })

  it('exclusive_bad_default: default is not an outgoing edge', () => {
    expectOnly(validate(gateway({ default: 'e1' }, { when: VIP }, { when: VIP })),
      { code: 'exclusive_bad_default', severity: 'error', nodeId: 'x', field: 'default' })
  })

  it('exclusive_missing_condition: a non-default branch without condition', () => {
    expectOnly(validate(gateway({ default: 'e3' }, {}, {})),
      { code: 'exclusive_missing_condition', nodeId: 'x', edgeId: 'e4' })
  })

  it('an exclusive gateway used only to merge needs no default', () => {
    const ir = flow([start(), node('m', 'exclusive'), end()], [edge('e1', 's', 'm'), edge('e2', 'm', 'end')])
    expect(validate(ir)).toEqual([])
  })

  it('invalid_condition points at the edge and the gateway', () => {
    const bad = gateway({ default: 'e4' }, { when: { '==': [{ var: 'tier' }, 'VIP'] } })
    const d = expectOnly(validate(bad), { code: 'invalid_condition', severity: 'error', edgeId: 'e3', nodeId: 'x', field: 'when' })
    expect(d.message['zh-CN']).toContain('tier')
    expectOnly(validate(gateway({ default: 'e4' }, { when: { like: ['a', 'b'] } })), { code: 'invalid_condition', edgeId: 'e3' })
    expectOnly(validate(gateway({ default: 'e4' }, { when: { '==': [1] } })), { code: 'invalid_condition', edgeId: 'e3' })
    expectOnly(validate(gateway({ default: 'e4' }, { when: 'VIP' })), { code: 'invalid_condition', edgeId: 'e3' })
  })

  it('condition_on_non_gateway (warning)', () => {
    const ir = flow([start(), task('t'), end()], [edge('e1', 's', 't'), edge('e2', 't', 'end', { when: VIP })])
    expectOnly(validate(ir), { code: 'condition_on_non_gateway', severity: 'warning', edgeId: 'e2', nodeId: 't' })
  })

  const split = (extraNodes: ReturnType<typeof node>[], edges: ReturnType<typeof edge>[]) =>
    flow([start(), node('p', 'parallelSplit'), task('a'), task('b'), ...extraNodes, end()], [edge('e1', 's', 'p'), ...edges])

  it('split_without_join: a branch ends before the join', () => {
    const ir = split([node('j', 'parallelJoin')],
      [edge('e2', 'p', 'a'), edge('e3', 'p', 'b'), edge('e4', 'a', 'j'), edge('e5', 'j', 'end'), edge('e6', 'b', 'end')])
    expectOnly(validate(ir), { code: 'split_without_join', severity: 'error', nodeId: 'p' })
  })

  it('split_without_join: branches meet in different joins', () => {
    const ir = split([node('j1', 'parallelJoin'), node('j2', 'parallelJoin')],
      [edge('e2', 'p', 'a'), edge('e3', 'p', 'b'), edge('e4', 'a', 'j1'), edge('e5', 'b', 'j2'),
        edge('e6', 'j1', 'end'), edge('e7', 'j2', 'end')])
    expectOnly(validate(ir), { code: 'split_without_join', nodeId: 'p' })
  })

  it('split_without_join: join fed by more edges than branches', () => {
    const ir = split([node('x', 'exclusive', { default: 'e5' }), task('c'), node('j', 'parallelJoin')],
      [edge('e2', 'p', 'a'), edge('e3', 'p', 'b'), edge('e4', 'a', 'x'), edge('e5', 'x', 'j'),
        edge('e6', 'x', 'c', { when: VIP }), edge('e7', 'c', 'j'), edge('e8', 'b', 'j'), edge('e9', 'j', 'end')])
    expectOnly(validate(ir), { code: 'split_without_join', nodeId: 'p' })
  })

  it('split_without_join: a join with no split', () => {
    const ir = flow([start(), node('j', 'parallelJoin'), end()], [edge('e1', 's', 'j'), edge('e2', 'j', 'end')])
    expectOnly(validate(ir), { code: 'split_without_join', severity: 'error', nodeId: 'j' })
  })
})
