/**
 * validate(ir) → diagnostics pointing at node/edge ids. Never throws on bad input: a flow posted
 * by a client or half-drawn in the designer is exactly what this is for. Checks are arranged so
 * one mistake yields one diagnostic (e.g. no `unreachable` flood when there is no start).
 */

import { error, hasErrors, type Diagnostic } from './diagnostics.js'
import { buildGraph } from './graph.js'
import { CORE_NODE_TYPES, WAITING_NODE_TYPES, type FlowIR } from './ir.js'
import { checkConfigs } from './validate-config.js'
import type { CheckContext, ValidateOptions } from './validate-context.js'
import { checkEdgeConditions, checkExclusives, checkParallel } from './validate-gateways.js'
import {
  checkBoundaries, checkCycles, checkDangling, checkDeadEnds, checkIds, checkNodeTypes, checkOutcomes,
  checkReachable, checkStart,
} from './validate-structure.js'

export { hasErrors }
export type { ValidateOptions }

const CHECKS: Array<(ctx: CheckContext) => Diagnostic[]> = [
  checkIds, checkDangling, checkNodeTypes, checkStart, checkDeadEnds, checkReachable, checkCycles,
  checkOutcomes, checkBoundaries, checkExclusives, checkEdgeConditions, checkParallel, checkConfigs,
]

export function validate(ir: FlowIR, options: ValidateOptions = {}): Diagnostic[] {
  const shape = checkShape(ir)
  if (shape.length) return shape
  const ctx: CheckContext = {
    g: buildGraph(ir),
    known: new Set([...CORE_NODE_TYPES, ...(options.knownNodeTypes ?? [])]),
    waiting: new Set([...WAITING_NODE_TYPES, ...(options.waitingNodeTypes ?? [])]),
    configSchemas: options.configSchemas ?? {},
    parseScript: options.parseScript ?? defaultParseScript,
  }
  return CHECKS.flatMap((check) => check(ctx))
}

/**
 * Syntax-check a script body with `new Function` — compiled, never called. Where the platform
 * forbids it (a browser page under CSP, a locked-down runtime) the check is skipped: the server
 * passes its sandbox-based checker anyway.
 */
export function defaultParseScript(source: string): string | undefined {
  const Fn = (globalThis as { Function?: FunctionConstructor }).Function
  if (typeof Fn !== 'function') return undefined
  try {
    new Fn('ticket', 'customer', 'form', 'vars', source)
    return undefined
  } catch (e) {
    return e instanceof SyntaxError ? e.message : undefined
  }
}

/** Just enough structure for the checks to run; anything deeper is theirs to report. */
function checkShape(ir: unknown): Diagnostic[] {
  const bad = (zh: string, en: string, where = {}) => error('invalid_ir', where, zh, en)
  if (typeof ir !== 'object' || ir === null) return [bad('流程定义必须是对象', 'The flow must be an object')]
  const { nodes, edges } = ir as { nodes?: unknown; edges?: unknown }
  if (!Array.isArray(nodes) || !Array.isArray(edges)) {
    return [bad('流程定义必须包含 nodes 和 edges 数组', 'The flow needs "nodes" and "edges" arrays')]
  }
  const out: Diagnostic[] = []
  nodes.forEach((n, i) => {
    if (!isObj(n) || !isStr(n.id) || !isStr(n.type)) {
      out.push(bad(`第 ${i + 1} 个节点缺少 id 或 type`, `Node #${i + 1} needs a string "id" and "type"`,
        isObj(n) && isStr(n.id) ? { nodeId: n.id } : {}))
    }
  })
  edges.forEach((e, i) => {
    if (!isObj(e) || !isStr(e.id) || typeof e.from !== 'string' || typeof e.to !== 'string') {
      out.push(bad(`第 ${i + 1} 条连线缺少 id、from 或 to`, `Edge #${i + 1} needs string "id", "from" and "to"`,
        isObj(e) && isStr(e.id) ? { edgeId: e.id } : {}))
    }
  })
  return out
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isStr = (v: unknown): v is string => typeof v === 'string' && v !== ''
