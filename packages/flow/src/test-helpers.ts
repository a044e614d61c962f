/** Builders for small test flows (excluded from the build). */

import { expect } from 'vitest'
import type { Diagnostic } from './diagnostics.js'
import type { FlowEdge, FlowIR, FlowNode } from './ir.js'

export const flow = (nodes: FlowNode[], edges: FlowEdge[]): FlowIR => ({ key: 't', version: 1, nodes, edges })
export const node = (id: string, type: string, config?: Record<string, unknown>): FlowNode =>
  config === undefined ? { id, type } : { id, type, config }
export const start = (id = 's') => node(id, 'start')
export const end = (id = 'end') => node(id, 'end')
export const task = (id: string, config: Record<string, unknown> = { assign: { role: 'agent' } }) => node(id, 'userTask', config)
export const edge = (id: string, from: string, to: string, extra: Partial<FlowEdge> = {}): FlowEdge => ({ id, from, to, ...extra })
export const VIP = { '==': [{ var: 'customer.tier' }, 'VIP'] }

/** The diagnostics are exactly one, matching `expected`, with a message in both languages. */
export function expectOnly(diags: Diagnostic[], expected: Partial<Diagnostic>): Diagnostic {
  expect(diags, JSON.stringify(diags, null, 1)).toHaveLength(1)
  const [d] = diags
  expect(d).toMatchObject(expected)
  expect(d.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/)
  expect(d.message['en-US']).toMatch(/[a-z]/)
  return d
}

/** `start → <middle> → end` around a single node, the smallest flow that exercises its config. */
export function around(middle: FlowNode): FlowIR {
  return flow([start(), middle, end()], [edge('e1', 's', middle.id), edge('e2', middle.id, 'end')])
}
