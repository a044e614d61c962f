import type { Condition, EdgeOn, FlowIR, JsonSchema } from '@scrm/flow'
import type { Edge, Node } from '@xyflow/react'

/** What a canvas node carries; `type` on the React Flow node is the flow node type. */
export interface FlowNodeData extends Record<string, unknown> {
  name?: string
  config?: Record<string, unknown>
}

export interface FlowEdgeData extends Record<string, unknown> {
  on?: EdgeOn
  when?: Condition
  label?: string
}

export type DNode = Node<FlowNodeData>
export type DEdge = Edge<FlowEdgeData>

/** Localized text as the server sends it. */
export interface I18nText { 'zh-CN': string, 'en-US': string }

/** A node type some plugin of this tenant provides (GET /api/extensions/nodeTypes). */
export interface NodeTypeInfo {
  type: string
  plugin: string
  label: I18nText
  description?: I18nText
  category: string
  icon?: string
  configSchema: JsonSchema
  waiting?: boolean
}

export interface AssignmentStrategyInfo {
  id: string
  label: I18nText
  description?: I18nText
}

/** A flow row (GET /api/flows/:id); `graph` is the saved draft. */
export interface FlowRecord {
  id: string
  key: string
  name: string
  description: string | null
  graph: unknown
  lockVersion: number
  latestVersion: number | null
  /** `modified`: published, and the draft was edited since. */
  status: 'draft' | 'published' | 'modified'
  draftUpdatedAt: string | null
  createdAt: string | null
}

/** One row of GET /flows: no draft (open the flow for that). */
export interface FlowSummary {
  id: string
  key: string
  name: string
  /** `modified`: published, and the draft was edited since. */
  status: 'draft' | 'published' | 'modified'
  latestVersion: number | null
  nodeCount: number
  draftUpdatedAt: string | null
  updatedBy: { id: string, name: string } | null
}

export interface FlowPage {
  items: FlowSummary[]
  total: number
}

export interface FlowVersion {
  id: string
  flowId: string
  flowKey: string
  version: number
  publishedAt: string | null
  publishedBy: string | null
  ir?: FlowIR
}
