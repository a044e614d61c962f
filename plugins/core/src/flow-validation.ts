import { compile, defaultParseScript, type Diagnostic, type DesignerGraph, type FlowIR, validate } from '@scrm/flow'
import type { PluginHost } from '@scrm/kernel'
import type { RuntimeNodeType } from '@scrm/runtime'
import type { Sandbox } from '@scrm/sandbox'

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * A draft is whatever the designer saved: a React Flow graph (nodes with positions, edges with
 * source/target) is compiled; an IR-shaped draft (edges with from/to: imports, API clients,
 * tests) is taken as it is. Key and version always come from the flow row, not the draft.
 */
export function draftToIR(graph: unknown, meta: { key: string, version: number, name?: string }): FlowIR {
  if (!isObj(graph) || !Array.isArray(graph.nodes) || !Array.isArray(graph.edges))
    return { key: meta.key, version: meta.version, ...(meta.name ? { name: meta.name } : {}), nodes: [], edges: [] }
  const designer = graph.edges.some(e => isObj(e) && 'source' in e) || graph.nodes.some(n => isObj(n) && 'position' in n)
  if (designer) return compile(graph as unknown as DesignerGraph, meta)
  return { ...(graph as unknown as FlowIR), key: meta.key, version: meta.version, ...(meta.name ? { name: meta.name } : {}) }
}

/**
 * validate() with what only the server knows: the node types this tenant's plugins add, and
 * the sandbox as the script parser (scripts are checked by the engine that will run them).
 */
export async function validateForTenant(ir: FlowIR, tenantId: string, host: PluginHost, sandbox: () => Promise<Sandbox>): Promise<Diagnostic[]> {
  const types = host.registries.nodeTypes.list(tenantId) as RuntimeNodeType[]
  const scriptErrors = new Map<string, string | undefined>()
  for (const n of Array.isArray(ir?.nodes) ? ir.nodes : []) {
    const source = isObj(n) && n.type === 'script' && isObj(n.config) ? n.config.source : undefined
    if (typeof source === 'string' && !scriptErrors.has(source))
      scriptErrors.set(source, await sandbox().then(box => box.check(source), () => defaultParseScript(source)))
  }
  return validate(ir, {
    knownNodeTypes: types.map(t => t.type),
    waitingNodeTypes: types.filter(t => t.waiting).map(t => t.type),
    configSchemas: Object.fromEntries(types.map(t => [t.type, t.configSchema])),
    parseScript: source => scriptErrors.get(source),
  })
}
