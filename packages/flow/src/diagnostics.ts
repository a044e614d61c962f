/** What validate() returns: located, bilingual findings the designer pins on nodes and edges. */

import type { FlowEdge, FlowNode } from './ir.js'
import { text, type LocalizedText } from './i18n.js'

export type DiagnosticCode =
  | 'invalid_ir'
  | 'duplicate_id'
  | 'dangling_edge'
  | 'unknown_node_type'
  | 'no_start'
  | 'multiple_starts'
  | 'dead_end'
  | 'unreachable'
  | 'endless_cycle'
  | 'edge_outcome_mismatch'
  | 'boundary_bad_target'
  | 'exclusive_no_default'
  | 'exclusive_bad_default'
  | 'exclusive_missing_condition'
  | 'invalid_condition'
  | 'condition_on_non_gateway'
  | 'split_without_join'
  | 'task_without_assignment'
  | 'script_parse_error'
  | 'missing_config'
  | 'invalid_config'
  | 'invalid_duration'

export type Severity = 'error' | 'warning'

export interface Diagnostic {
  code: DiagnosticCode
  severity: Severity
  nodeId?: string
  edgeId?: string
  /** Config path inside the node (`assign`, `levels[0].approvers`, `sla.target`) or edge field (`when`). */
  field?: string
  message: LocalizedText
}

/** True when any diagnostic blocks publishing (warnings do not). */
export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error')
}

interface Where {
  nodeId?: string
  edgeId?: string
  field?: string
}

export function error(code: DiagnosticCode, where: Where, zh: string, en: string): Diagnostic {
  return make(code, 'error', where, zh, en)
}

export function warning(code: DiagnosticCode, where: Where, zh: string, en: string): Diagnostic {
  return make(code, 'warning', where, zh, en)
}

function make(code: DiagnosticCode, severity: Severity, where: Where, zh: string, en: string): Diagnostic {
  // Only set keys that have values: diagnostics are compared and serialized as plain JSON.
  const d: Diagnostic = { code, severity, message: text(zh, en) }
  if (where.nodeId !== undefined) d.nodeId = where.nodeId
  if (where.edgeId !== undefined) d.edgeId = where.edgeId
  if (where.field !== undefined) d.field = where.field
  return d
}

/** How a node is named in messages: its display name when it has one, always its id. */
export function nodeLabel(node: Pick<FlowNode, 'id' | 'name'> | undefined, id = node?.id ?? '?'): string {
  return node?.name ? `“${node.name}”(${id})` : `“${id}”`
}

export function edgeLabel(edge: Pick<FlowEdge, 'id' | 'label'>): string {
  return edge.label ? `“${edge.label}”(${edge.id})` : `“${edge.id}”`
}
