/**
 * What changed between two flow versions, for the "compare versions" view and the publish audit.
 * Nodes and edges are matched by id; configs compare as JSON (key order and `undefined` ignored).
 */

import type { FlowEdge, FlowIR, FlowNode } from './ir.js'
import { jsonEqual } from './util.js'

export interface Changed<T> {
  id: string
  before: T
  after: T
  /** Node: 'type', 'name' and changed top-level config keys. Edge: 'from', 'to', 'on', 'when', 'label'. */
  fields: string[]
}

export interface ChangeSet<T> {
  added: T[]
  removed: T[]
  changed: Array<Changed<T>>
}

export interface FlowDiff {
  nodes: ChangeSet<FlowNode>
  edges: ChangeSet<FlowEdge>
  /** Flow-level fields that changed: 'key', 'name' (never 'version': that always differs). */
  flow: string[]
}

export function diffVersions(a: FlowIR, b: FlowIR): FlowDiff {
  return {
    nodes: diffById(a.nodes, b.nodes, nodeFields),
    edges: diffById(a.edges, b.edges, edgeFields),
    flow: (['key', 'name'] as const).filter((k) => a[k] !== b[k]),
  }
}

/** True when nothing but the version number differs. */
export function isEmptyDiff(d: FlowDiff): boolean {
  const empty = (s: ChangeSet<unknown>) => !s.added.length && !s.removed.length && !s.changed.length
  return empty(d.nodes) && empty(d.edges) && d.flow.length === 0
}

/** Added in b's order, removed in a's order, changed in b's order: stable for display. */
function diffById<T extends { id: string }>(a: T[], b: T[], fields: (x: T, y: T) => string[]): ChangeSet<T> {
  const before = new Map(a.map((x) => [x.id, x]))
  const after = new Map(b.map((x) => [x.id, x]))
  const changed: Array<Changed<T>> = []
  for (const y of after.values()) {
    const x = before.get(y.id)
    if (!x) continue
    const f = fields(x, y)
    if (f.length) changed.push({ id: y.id, before: x, after: y, fields: f })
  }
  return {
    added: [...after.values()].filter((y) => !before.has(y.id)),
    removed: [...before.values()].filter((x) => !after.has(x.id)),
    changed,
  }
}

function nodeFields(x: FlowNode, y: FlowNode): string[] {
  const fields: string[] = []
  if (x.type !== y.type) fields.push('type')
  if ((x.name ?? '') !== (y.name ?? '')) fields.push('name')
  const cx = x.config ?? {}
  const cy = y.config ?? {}
  const keys = [...new Set([...Object.keys(cx), ...Object.keys(cy)])].sort()
  return [...fields, ...keys.filter((k) => !jsonEqual(cx[k], cy[k]))]
}

function edgeFields(x: FlowEdge, y: FlowEdge): string[] {
  const fields: string[] = []
  if (x.from !== y.from) fields.push('from')
  if (x.to !== y.to) fields.push('to')
  // Absent and 'next' mean the same way out.
  if ((x.on ?? 'next') !== (y.on ?? 'next')) fields.push('on')
  if (!jsonEqual(x.when, y.when)) fields.push('when')
  if ((x.label ?? '') !== (y.label ?? '')) fields.push('label')
  return fields
}
