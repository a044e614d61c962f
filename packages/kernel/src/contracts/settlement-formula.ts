import type { JsonSchema, Labelled } from './common.js'

/**
 * A settlement formula: JavaScript source run in the sandbox with `inputs` and `params`,
 * returning an integer amount in fen.
 */
export interface SettlementFormulaDef extends Labelled {
  id: string
  params: JsonSchema
  inputs?: JsonSchema
  source: string
}
