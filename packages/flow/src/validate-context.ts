/** Options of validate() and the context every check receives. */

import type { FlowGraph } from './graph.js'
import type { JsonSchema } from './schema.js'

export interface ValidateOptions {
  /** Node types registered by plugins, in addition to the core types (which are always known). */
  knownNodeTypes?: string[]
  /** Plugin node types where a token waits (so a cycle through them is not endless). */
  waitingNodeTypes?: string[]
  /** Config schemas of plugin node types; their configs get the same checks as core ones. */
  configSchemas?: Record<string, JsonSchema>
  /**
   * Syntax check for script sources: returns an error message, or undefined when the source
   * parses (or cannot be checked here). Default: `new Function` where the platform allows it.
   */
  parseScript?: (source: string) => string | undefined
}

export interface CheckContext {
  g: FlowGraph
  known: Set<string>
  waiting: Set<string>
  configSchemas: Record<string, JsonSchema>
  parseScript: (source: string) => string | undefined
}
