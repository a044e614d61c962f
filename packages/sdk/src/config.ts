import { type Static, type TSchema, Type } from 'typebox'
import { Value } from 'typebox/value'
import type { JsonSchema } from '@scrm/kernel'

/** TypeBox, as the kernel and server use it: builds JSON Schemas with static types. */
export { Type }
/** The TypeScript type a TypeBox schema describes. */
export type { Static, TSchema }

/** A plugin's operator configuration: the JSON Schema (for `configSchema` fields) and a checked reader. */
export interface PluginConfig<S extends TSchema> {
  /** Plain JSON Schema: what `configSchema` of a contribution (channel, node type, notifier …) expects. */
  schema: S & JsonSchema
  /**
   * Applies defaults and checks `raw` (the `config` a plugin's setup receives, from
   * `SCRM_PLUGIN_CONFIG`). Throws an error naming every bad field, so start-up stops clearly.
   */
  parse: (raw: unknown) => Static<S>
}

/** Thrown by `PluginConfig.parse`: `issues` lists `{ field, message }` for each bad value. */
export class ConfigError extends Error {
  constructor(readonly issues: Array<{ field: string, message: string }>) {
    super(`invalid plugin configuration: ${issues.map(i => `${i.field} ${i.message}`).join('; ')}`)
    this.name = 'ConfigError'
  }
}

/**
 * Declares a plugin's configuration with TypeBox.
 *
 * @example
 * const config = defineConfig(Type.Object({ defaultType: Type.String({ default: 'general' }) }))
 * setup(ctx) { const { defaultType } = config.parse(ctx.config) }
 */
export function defineConfig<S extends TSchema>(schema: S): PluginConfig<S> {
  return {
    schema: schema as S & JsonSchema,
    parse(raw) {
      const value = Value.Default(schema, structuredClone(raw ?? {}))
      if (Value.Check(schema, value)) return value as Static<S>
      throw new ConfigError([...Value.Errors(schema, value)].map(e => ({ field: e.instancePath || '/', message: e.message })))
    },
  }
}
