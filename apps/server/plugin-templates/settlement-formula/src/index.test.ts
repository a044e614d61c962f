import { createPluginTestbed, type PluginTestbed } from '@scrm/sdk/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import plugin from './index.js'

const id = '__NAME__.callout-parts'

describe('__NAME__ settlement formula', () => {
  let bed: PluginTestbed
  beforeAll(async () => { bed = await createPluginTestbed({ plugins: [plugin] }) })
  afterAll(async () => { await bed?.close() })

  it('runs in the sandbox through the settlement API', async () => {
    const res = await bed.api('POST', `/api/settlement/formulas/${id}/evaluate`, { inputs: { parts: 3 }, params: { calloutFen: 5000, partFen: 1250 } })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toEqual({ amountFen: 8750 })
  })

  it('is listed for its tenant only', async () => {
    expect((await bed.api('GET', '/api/settlement/formulas')).body.map((f: { id: string }) => f.id)).toContain(id)
    const other = await bed.newTenant({ install: false })
    expect((await other.api('POST', `/api/settlement/formulas/${id}/evaluate`, { inputs: { parts: 1 }, params: { calloutFen: 1, partFen: 1 } })).status).toBe(404)
  })
})
