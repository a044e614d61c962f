import { defineMessages, definePlugin, type SettlementFormulaDef } from '@scrm/sdk'

const messages = defineMessages({
  'zh-CN': { label: '上门费 + 配件', description: '上门费加每个配件的单价（分）' },
  'en-US': { label: 'Call-out fee + parts', description: 'A call-out fee plus a price per part (fen)' },
})

/**
 * A settlement formula: `source` is a function body run in the platform's sandbox with `inputs`
 * (mapped from the ticket), `params` (from the settlement rule) and `roundFen`; it returns fen.
 */
const formula: SettlementFormulaDef = {
  id: '__NAME__.callout-parts',
  label: messages.text('label'),
  description: messages.text('description'),
  inputs: { type: 'object', required: ['parts'], properties: { parts: { type: 'integer', minimum: 0 } } },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['calloutFen', 'partFen'],
    properties: { calloutFen: { type: 'integer', minimum: 0 }, partFen: { type: 'integer', minimum: 0 } },
  },
  source: 'return roundFen(params.calloutFen + inputs.parts * params.partFen)',
}

export default definePlugin({
  name: '__NAME__',
  version: '0.1.0',
  dependsOn: ['settlement'],
  label: messages.text('label'),
  setup({ settlementFormulas }) {
    settlementFormulas.register(formula)
  },
})
