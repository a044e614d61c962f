import type { JsonSchema } from '@scrm/flow'

/**
 * A new node's config from its schema: declared defaults, and one item for lists that need at
 * least one (an approval's first level), so the panel starts with something to fill in.
 */
export function initialConfig(schema: JsonSchema | undefined): Record<string, unknown> | undefined {
  if (!schema?.properties) return undefined
  const out: Record<string, unknown> = {}
  for (const [key, prop] of Object.entries(schema.properties)) {
    if (prop.default !== undefined) out[key] = prop.default
    else if (prop.type === 'array' && (prop.minItems ?? 0) > 0 && prop.items?.type === 'object') out[key] = [itemDefaults(prop.items)]
  }
  return Object.keys(out).length ? out : undefined
}

/** Defaults for a new list item (an approval level starts as "any" with an empty approver rule). */
export function itemDefaults(schema: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    if (prop.default !== undefined) out[key] = prop.default
    else if (prop['x-widget'] === 'assignRule') out[key] = {}
  }
  return out
}
