import { createPluginTestbed, type PluginTestbed } from '@scrm/sdk/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import plugin from './index.js'

describe('__NAME__ industry template', () => {
  let bed: PluginTestbed
  beforeAll(async () => { bed = await createPluginTestbed({ plugins: [plugin] }) })
  afterAll(async () => { await bed?.close() })

  it('is listed as an industry template for its tenant', async () => {
    const res = await bed.api('GET', '/api/extensions/industryTemplates')
    expect(res.body.find((t: { item: { id: string } }) => t.item.id === '__NAME__')?.item).toMatchObject({ industry: 'appliance-repair' })
  })

  it('applies its ticket types once; applying again adds nothing', async () => {
    const first = await bed.api('POST', '/api/x/__NAME__/apply')
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body.added).toEqual(['repair', 'install', 'return'])
    const types = await bed.api('GET', '/api/ticket-types')
    expect(types.body.map((t: { key: string }) => t.key)).toEqual(expect.arrayContaining(['repair', 'install', 'return']))
    expect((await bed.api('POST', '/api/x/__NAME__/apply')).body.added).toEqual([])
  })

  it('only admins apply it', async () => {
    const agent = await bed.tenant.user('agent')
    expect((await agent.api('POST', '/api/x/__NAME__/apply')).status).toBe(403)
  })

  it('does not exist for tenants that did not install it', async () => {
    const other = await bed.newTenant({ install: false })
    expect((await other.api('POST', '/api/x/__NAME__/apply')).status).toBe(404)
    expect((await other.api('GET', '/api/ticket-types')).body).toEqual([])
  })
})
