/**
 * What the tenant's plugins offer the designer: node types (palette, config schemas, validation
 * options) and the lookups the editors suggest (assignment strategies, teams). Loaded once per
 * page session and shared by the list, the designer and the diff view.
 */
import { coreNodeConfigSchemas, type JsonSchema, type ValidateOptions } from '@scrm/flow'
import { create } from 'zustand'
import { useAuthStore } from '../../../stores/auth'
import { extensionsApi } from '../api'
import type { AssignmentStrategyInfo, NodeTypeInfo } from '../types'

interface CatalogState {
  status: 'idle' | 'loading' | 'ready' | 'error'
  error?: unknown
  nodeTypes: NodeTypeInfo[]
  byType: Record<string, NodeTypeInfo>
  strategies: AssignmentStrategyInfo[]
  teams: Array<{ key: string, name: string }>
  validateOptions: ValidateOptions
}

export const useCatalog = create<CatalogState>(() => ({
  status: 'idle', nodeTypes: [], byType: {}, strategies: [], teams: [], validateOptions: {},
}))

/** Lookups are suggestions: when one cannot be loaded the editors fall back to free text. */
const optional = <T,>(p: Promise<T>, fallback: T) => p.catch(() => fallback)

let pending: Promise<void> | null = null
/** The session the catalog was loaded for: another login may be another tenant. */
let loadedFor: string | null = null

export function loadCatalog(force = false): Promise<void> {
  const token = useAuthStore.getState().token
  if (pending && !force && loadedFor === token) return pending
  loadedFor = token
  useCatalog.setState({ status: 'loading' })
  pending = (async () => {
    try {
      const [nodeTypes, strategies, plugins] = await Promise.all([
        extensionsApi.nodeTypes(),
        optional(extensionsApi.strategies(), []),
        optional(extensionsApi.plugins(), []),
      ])
      // Ask for teams only when the org plugin is on (its routes answer 404 otherwise).
      const teams = plugins.some(p => p.name === 'org' && p.enabled) ? await optional(extensionsApi.teams(), []) : []
      const byType = Object.fromEntries(nodeTypes.map(t => [t.type, t]))
      useCatalog.setState({
        status: 'ready', error: undefined, nodeTypes, byType, strategies, teams,
        validateOptions: {
          knownNodeTypes: nodeTypes.map(t => t.type),
          waitingNodeTypes: nodeTypes.filter(t => t.waiting).map(t => t.type),
          configSchemas: Object.fromEntries(nodeTypes.map(t => [t.type, t.configSchema])),
        },
      })
    }
    catch (error) {
      pending = null
      useCatalog.setState({ status: 'error', error })
    }
  })()
  return pending
}

/** The config schema for a node type: the plugin's, else the core one packages/flow ships. */
export function schemaFor(type: string | undefined): JsonSchema | undefined {
  if (!type) return undefined
  const info = useCatalog.getState().byType[type]
  if (info) return info.configSchema
  return Object.hasOwn(coreNodeConfigSchemas, type) ? coreNodeConfigSchemas[type as keyof typeof coreNodeConfigSchemas] : undefined
}

/** Palette order of categories; unknown plugin categories follow. */
export const CATEGORY_ORDER = ['event', 'task', 'gateway', 'automation']
