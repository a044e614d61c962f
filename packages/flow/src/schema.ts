/**
 * JSON Schemas (draft-07) for the IR and for each core node config. The server validates posted
 * flows with ajv; the designer renders config forms from the same objects; validate() walks the
 * config schemas to produce located diagnostics (see validate-config.ts).
 *
 * Two custom annotation keywords carry UI hints: `x-label` (zh-CN/en-US field label) and
 * `x-widget` (which editor to use). ajv in strict mode needs them declared:
 * `ajv.addVocabulary(FLOW_SCHEMA_VOCABULARY)`.
 */

import { EDGE_ONS, type CoreNodeType } from './ir.js'
import type { LocalizedText } from './i18n.js'
import { coreNodeConfigSchemas } from './schema-nodes.js'

export { coreNodeConfigSchemas, DURATION_PATTERN } from './schema-nodes.js'

/**
 * Editors the designer offers. `duration`, `percentOrDuration`, `condition`, `expression`,
 * `script` and `assignRule` also drive validate() checks, for plugin node schemas too.
 */
export type SchemaWidget =
  | 'duration' | 'percentOrDuration' | 'condition' | 'expression' | 'script' | 'assignRule'
  | 'nodeRef' | 'edgeRef' | 'flowRef' | 'dataPath' | 'ticketFields' | 'calendar' | 'notifier'
  | 'recipients' | 'users' | 'role' | 'team' | 'strategy' | 'event' | 'textarea'

export interface JsonSchema {
  $schema?: string
  $id?: string
  title?: string
  description?: string
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null' | Array<string>
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  propertyNames?: JsonSchema
  minProperties?: number
  items?: JsonSchema
  minItems?: number
  enum?: unknown[]
  const?: unknown
  default?: unknown
  minLength?: number
  pattern?: string
  minimum?: number
  maximum?: number
  anyOf?: JsonSchema[]
  allOf?: JsonSchema[]
  if?: JsonSchema
  then?: JsonSchema
  'x-label'?: LocalizedText
  'x-widget'?: SchemaWidget
  [keyword: string]: unknown
}

/** Keywords to register with ajv (`ajv.addVocabulary(FLOW_SCHEMA_VOCABULARY)`). */
export const FLOW_SCHEMA_VOCABULARY: string[] = ['x-label', 'x-widget']

/** A condition is JSON Logic: `true`/`false` or an operator object. */
export const conditionSchema: JsonSchema = {
  // anyOf rather than a type union: ajv's strictTypes refuses unions unless allowUnionTypes is set.
  anyOf: [{ type: 'boolean' }, { type: 'object' }],
  'x-widget': 'condition',
}

export const flowNodeSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'type'],
  properties: {
    id: { type: 'string', minLength: 1 },
    type: { type: 'string', minLength: 1 },
    name: { type: 'string' },
    config: { type: 'object' },
  },
  // Layout (position, width…) belongs to the designer; refusing it keeps published IR clean.
  additionalProperties: false,
}

export const flowEdgeSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'from', 'to'],
  properties: {
    id: { type: 'string', minLength: 1 },
    from: { type: 'string', minLength: 1 },
    to: { type: 'string', minLength: 1 },
    on: { type: 'string', enum: [...EDGE_ONS] },
    when: conditionSchema,
    label: { type: 'string' },
  },
  additionalProperties: false,
}

/**
 * The IR's shape. Node configs are only checked to be objects here: validate() checks them per
 * type with diagnostics that name the node and field. Use `buildFlowIRSchema()` when ajv should
 * also check configs.
 */
export const flowIRSchema: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://gongdanliu.dev/schemas/flow-ir.json',
  title: 'FlowIR',
  type: 'object',
  required: ['key', 'version', 'nodes', 'edges'],
  properties: {
    key: { type: 'string', minLength: 1 },
    version: { type: 'integer', minimum: 0 },
    name: { type: 'string' },
    nodes: { type: 'array', items: flowNodeSchema },
    edges: { type: 'array', items: flowEdgeSchema },
  },
  additionalProperties: false,
}

/**
 * The IR schema with per-type config checks (`if type = X then config matches X's schema`),
 * for the core types plus any plugin node types passed in. A schema built from other config
 * schemas gets no `$id` unless one is given: ajv refuses two different schemas with one id.
 */
export function buildFlowIRSchema(
  configSchemas: Record<string, JsonSchema> = coreNodeConfigSchemas,
  options: { $id?: string } = {},
): JsonSchema {
  const perType: JsonSchema[] = Object.entries(configSchemas).map(([type, schema]) => ({
    if: { properties: { type: { const: type } }, required: ['type'] },
    then: { properties: { config: schema } },
  }))
  const node: JsonSchema = { ...flowNodeSchema, allOf: perType }
  const { $id: _structuralId, ...base } = flowIRSchema
  const $id = options.$id ?? (configSchemas === coreNodeConfigSchemas ? STRICT_ID : undefined)
  return {
    ...base,
    ...($id ? { $id } : {}),
    properties: { ...flowIRSchema.properties, nodes: { type: 'array', items: node } },
  }
}

const STRICT_ID = 'https://gongdanliu.dev/schemas/flow-ir-strict.json'

/** The config schema of a node type, if known (core types, then the extra schemas given). */
export function configSchemaFor(
  type: string,
  extra: Record<string, JsonSchema> = {},
): JsonSchema | undefined {
  if (Object.hasOwn(coreNodeConfigSchemas, type)) return coreNodeConfigSchemas[type as CoreNodeType]
  return Object.hasOwn(extra, type) ? extra[type] : undefined
}
