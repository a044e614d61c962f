import { describe, expect, it } from 'vitest'
import { diffVersions, isEmptyDiff } from './diff.js'
import { applianceRepair } from './examples.js'
import type { FlowIR } from './ir.js'
import { cloneJson } from './util.js'

const next = (mutate: (ir: FlowIR) => void): FlowIR => {
  const ir = cloneJson(applianceRepair)
  ir.version += 1
  mutate(ir)
  return ir
}

describe('diffVersions', () => {
  it('identical apart from the version: empty diff', () => {
    const d = diffVersions(applianceRepair, next(() => {}))
    expect(isEmptyDiff(d)).toBe(true)
    expect(d).toEqual({ nodes: { added: [], removed: [], changed: [] }, edges: { added: [], removed: [], changed: [] }, flow: [] })
  })

  it('ignores config key order, undefined properties and on: next', () => {
    const b = next((ir) => {
      const n2 = ir.nodes[1]
      n2.config = { sla: n2.config!.sla, assign: { skills: ['空调'], strategy: 'skills' }, fields: undefined }
      ir.edges[0].on = 'next'
    })
    expect(isEmptyDiff(diffVersions(applianceRepair, b))).toBe(true)
  })

  it('added and removed nodes and edges', () => {
    const b = next((ir) => {
      ir.nodes = ir.nodes.filter((n) => n.id !== 'n10')
      ir.edges = ir.edges.filter((e) => e.id !== 'e10' && e.id !== 'e11')
      ir.nodes.push({ id: 'n11', type: 'end', config: { status: 'auto-closed' } })
      ir.edges.push({ id: 'e12', from: 'n8', to: 'n11', on: 'timeout' })
    })
    const d = diffVersions(applianceRepair, b)
    expect(d.nodes.added.map((n) => n.id)).toEqual(['n11'])
    expect(d.nodes.removed.map((n) => n.id)).toEqual(['n10'])
    expect(d.edges.added.map((e) => e.id)).toEqual(['e12'])
    expect(d.edges.removed.map((e) => e.id)).toEqual(['e10', 'e11'])
    expect(d.nodes.changed).toEqual([])
  })

  it('changed nodes list name, type and top-level config keys', () => {
    const b = next((ir) => {
      const n2 = ir.nodes[1]
      n2.name = '智能派单'
      ;(n2.config!.sla as { target: string }).target = 'PT1H'
      n2.config!.outcomes = ['接单', '拒单']
      ir.nodes[2].type = 'parallelSplit'
    })
    const d = diffVersions(applianceRepair, b)
    expect(d.nodes.changed.map(({ id, fields }) => ({ id, fields }))).toEqual([
      { id: 'n2', fields: ['name', 'outcomes', 'sla'] },
      { id: 'n3', fields: ['type'] },
    ])
    expect(d.nodes.changed[0].before).toBe(applianceRepair.nodes[1])
    expect(d.nodes.changed[0].after).toBe(b.nodes[1])
  })

  it('changed edges list from, to, on, when, label', () => {
    const b = next((ir) => {
      const e3 = ir.edges[2]
      e3.when = { '==': [{ var: 'customer.tier' }, 'SVIP'] }
      e3.label = 'SVIP'
      ir.edges[3].to = 'n5'
      ir.edges[9].on = 'error'
    })
    const d = diffVersions(applianceRepair, b)
    expect(d.edges.changed.map(({ id, fields }) => ({ id, fields }))).toEqual([
      { id: 'e3', fields: ['when', 'label'] },
      { id: 'e4', fields: ['to'] },
      { id: 'e10', fields: ['on'] },
    ])
  })

  it('reports flow-level renames', () => {
    expect(diffVersions(applianceRepair, next((ir) => { ir.name = '家电维修（新）' })).flow).toEqual(['name'])
  })
})
