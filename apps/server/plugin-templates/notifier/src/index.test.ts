import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { NotifierDef } from '@scrm/sdk'
import { createPluginTestbed, type PluginTestbed } from '@scrm/sdk/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import plugin from './index.js'

describe('__NAME__ notifier', () => {
  let bed: PluginTestbed
  let server: Server
  let url: string
  const received: Array<{ headers: IncomingMessage['headers'], body: any }> = []

  beforeAll(async () => {
    // A real receiver on 127.0.0.1: answers 503 to subject "down", 200 otherwise.
    server = createServer((req, res) => {
      let data = ''
      req.on('data', (c) => { data += c })
      req.on('end', () => {
        const body = JSON.parse(data)
        received.push({ headers: req.headers, body })
        res.writeHead(body.subject === 'down' ? 503 : 200, { 'x-request-id': 'r-1' }).end()
      })
    })
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
    bed = await createPluginTestbed({ plugins: [plugin] })
  })
  afterAll(async () => {
    await bed?.close()
    await new Promise(r => server?.close(r))
  })

  const notifierOf = (tenantId: string) => bed.platform.kernel.registries.notifiers.get(tenantId, '__NAME__') as NotifierDef | undefined

  it('is offered to the tenant that installed it, with its config schema', async () => {
    const res = await bed.api('GET', '/api/extensions/notifiers')
    expect(res.body.find((n: { item: { id: string } }) => n.item.id === '__NAME__')?.item.configSchema.required).toEqual(['url'])
    const other = await bed.newTenant({ install: false })
    expect(notifierOf(other.tenantId)).toBeUndefined()
  })

  it('posts the message as JSON with the token and idempotency key', async () => {
    const result = await notifierOf(bed.tenantId)!.send({ to: [], subject: '工单已超时', body: 'T-1 超时', idempotencyKey: 'k-1', event: 'sla.breached' }, { url, token: 's3cret' })
    expect(result).toEqual({ providerId: 'r-1' })
    expect(received.at(-1)!.body).toMatchObject({ subject: '工单已超时', event: 'sla.breached' })
    expect(received.at(-1)!.headers).toMatchObject({ 'authorization': 'Bearer s3cret', 'idempotency-key': 'k-1' })
  })

  it('marks server errors as retryable', async () => {
    await expect(notifierOf(bed.tenantId)!.send({ to: [], subject: 'down', body: '', idempotencyKey: 'k-2' }, { url }))
      .rejects.toMatchObject({ retryable: true, code: 503 })
  })
})
