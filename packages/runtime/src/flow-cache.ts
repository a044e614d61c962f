import type { FlowEdge, FlowIR, FlowNode } from '@scrm/flow'
import type { Knex } from 'knex'

/** A published IR with its lookups built once: versions are immutable, so caching is safe. */
export interface PreparedFlow {
  tenantId: string
  versionId: string
  ir: FlowIR
  node: (id: string) => FlowNode | undefined
  out: (nodeId: string) => FlowEdge[]
  in: (nodeId: string) => FlowEdge[]
  edge: (id: string) => FlowEdge | undefined
  start: FlowNode | undefined
  /** Boundary nodes (slaBoundary …) watching each node, by `config.attachedTo`. */
  boundaries: (nodeId: string) => FlowNode[]
}

export function prepareFlow(tenantId: string, versionId: string, ir: FlowIR): PreparedFlow {
  const nodes = new Map(ir.nodes.map(n => [n.id, n]))
  const edges = new Map(ir.edges.map(e => [e.id, e]))
  const out = new Map<string, FlowEdge[]>()
  const inc = new Map<string, FlowEdge[]>()
  const boundaries = new Map<string, FlowNode[]>()
  for (const e of ir.edges) {
    if (!out.has(e.from)) out.set(e.from, [])
    out.get(e.from)!.push(e)
    if (!inc.has(e.to)) inc.set(e.to, [])
    inc.get(e.to)!.push(e)
  }
  for (const n of ir.nodes) {
    const host = (n.config as { attachedTo?: unknown } | undefined)?.attachedTo
    if (typeof host === 'string') {
      if (!boundaries.has(host)) boundaries.set(host, [])
      boundaries.get(host)!.push(n)
    }
  }
  return {
    tenantId,
    versionId,
    ir,
    node: id => nodes.get(id),
    out: id => out.get(id) ?? [],
    in: id => inc.get(id) ?? [],
    edge: id => edges.get(id),
    start: ir.nodes.find(n => n.type === 'start'),
    boundaries: id => boundaries.get(id) ?? [],
  }
}

/** Bounded cache of prepared versions (ids are globally unique uuids, so no tenant key needed). */
export class FlowCache {
  private readonly cache = new Map<string, PreparedFlow>()
  constructor(private readonly max = 500) {}

  async get(db: Knex, tenantId: string, versionId: string): Promise<PreparedFlow | undefined> {
    const hit = this.cache.get(versionId)
    if (hit) return hit.tenantId === tenantId ? hit : undefined
    const row = await db('flow_versions').where({ tenant_id: tenantId, id: versionId }).first('ir')
    if (!row) return undefined
    const prepared = prepareFlow(tenantId, versionId, row.ir as FlowIR)
    if (this.cache.size >= this.max) this.cache.delete(this.cache.keys().next().value!)
    this.cache.set(versionId, prepared)
    return prepared
  }
}
