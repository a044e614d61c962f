import type { JsonSchema, Labelled } from './common.js'

/** A template field type: validation of a value and the settings a designer can give it. */
export interface FieldTypeDef<Value = unknown, Settings = Record<string, unknown>> extends Labelled {
  id: string
  settingsSchema?: JsonSchema
  /** Returns an error code (e.g. 'invalid_phone') or undefined when the value is valid. */
  validate: (value: unknown, settings: Settings) => string | undefined
  /** Canonical form stored in the ticket (e.g. phone → E.164). */
  normalize?: (value: Value, settings: Settings) => Value
}
