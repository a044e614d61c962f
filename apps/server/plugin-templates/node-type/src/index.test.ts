import { createPluginTestbed, type PluginTestbed } from '@scrm/sdk/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import plugin from './index.js'

/** start → greet → end, published through the flow API as the designer would. */
async function publishFlow(bed: PluginTestbed, key: string, config: Record<string, unknown>) {
  const graph = {
    key, version: 1,
    nodes: [{ id: 's', type: 'start' }, { id: 'g', type: '__NAME__.greet', config }, { id: 'e', type: 'end' }],
    edges: [{ id: 'e1', from: 's', to: 'g' }, { id: 'e2', from: 'g', to: 'e' }],
  }
  const flow = await bed.api('POST', '/api/flows', { key, name: key, graph })
  expect(flow.status, JSON.stringify(flow.body)).toBe(201)
  const pub = await bed.api('POST', `/api/flows/${flow.body.id}/publish`)
  expect(pub.status, JSON.stringify(pub.body)).toBe(201)
}

describe('__NAME__ node type', () => {
  let bed: PluginTestbed
  beforeAll(async () => { bed = await createPluginTestbed({ plugins: [plugin] }) })
  afterAll(async () => { await bed?.close() })

  it('runs in a published flow and writes its variable', async () => {
    await publishFlow(bed, 'greet-now', { name: '张三' })
    const started = await bed.api('POST', '/api/instances', { flowKey: 'greet-now', vars: {} })
    expect(started.status, JSON.stringify(started.body)).toBe(201)
    expect(started.body).toMatchObject({ status: 'completed', vars: { greeting: '你好，张三' } })
  })

  it('waits, then resume continues with the reply', async () => {
    await publishFlow(bed, 'greet-wait', { name: 'Li', locale: 'en-US', wait: true })
    const started = await bed.api('POST', '/api/instances', { flowKey: 'greet-wait', vars: {} })
    expect(started.body).toMatchObject({ status: 'running', vars: { greeting: 'Hello, Li' } })
    const sent = await bed.api('POST', `/api/instances/${started.body.id}/events`, { name: '__NAME__.reply', payload: { text: 'thanks' } })
    expect(sent.body).toEqual({ delivered: 1 })
    const done = await bed.api('GET', `/api/instances/${started.body.id}`)
    expect(done.body).toMatchObject({ status: 'completed', vars: { reply: { text: 'thanks' } } })
  })

  it('refuses bad node config when the flow is published', async () => {
    const flow = await bed.api('POST', '/api/flows', { key: 'greet-bad', name: 'bad', graph: { key: 'greet-bad', version: 1, nodes: [{ id: 's', type: 'start' }, { id: 'g', type: '__NAME__.greet', config: {} }, { id: 'e', type: 'end' }], edges: [{ id: 'e1', from: 's', to: 'g' }, { id: 'e2', from: 'g', to: 'e' }] } })
    expect((await bed.api('POST', `/api/flows/${flow.body.id}/publish`)).status).toBe(400)
  })
})
