import { createPluginTestbed, type PluginTestbed } from '@scrm/sdk/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import plugin from './index.js'

describe('__NAME__ industry template', () => {
  let bed: PluginTestbed
  beforeAll(async () => { bed = await createPluginTestbed({ plugins: [plugin] }) })
  afterAll(async () => { await bed?.close() })

  it('is offered by the industry installer to its tenant', async () => {
    const res = await bed.api('GET', '/api/industry-templates')
    expect(res.status).toBe(200)
    expect(JSON.stringify(res.body)).toContain('__NAME__')
  })

  it('installs its ticket type and form in one go; a second install is 409; removing takes them away', async () => {
    const installed = await bed.api('POST', '/api/industry-templates/__NAME__/install', {})
    expect(installed.status, JSON.stringify(installed.body)).toBe(201)
    const types = await bed.api('GET', '/api/ticket-types')
    expect(types.body.map((t: { key: string }) => t.key)).toContain('__NAME__-repair')
    expect((await bed.api('POST', '/api/industry-templates/__NAME__/install', {})).status).toBe(409)
    const removed = await bed.api('DELETE', '/api/industry-templates/__NAME__')
    expect(removed.status, JSON.stringify(removed.body)).toBe(200)
    expect((await bed.api('GET', '/api/ticket-types')).body.map((t: { key: string }) => t.key)).not.toContain('__NAME__-repair')
  })

  it('cannot be installed by tenants that do not have the plugin', async () => {
    const other = await bed.newTenant({ install: false })
    const res = await other.api('POST', '/api/industry-templates/__NAME__/install', {})
    expect([404, 409]).toContain(res.status)
    expect((await other.api('GET', '/api/ticket-types')).body).toEqual([])
  })
})
