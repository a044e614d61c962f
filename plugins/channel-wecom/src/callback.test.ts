import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startTestPlatform, type TestPlatform, type TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { encrypt, signature } from './crypto.js'
import { envelope, SAMPLE } from './official-sample.test-helper.js'

const label = { 'zh-CN': '企业微信咨询', 'en-US': 'WeCom enquiry' }
const pluginsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** A root with only the plugins this channel needs: plugins being built beside it cannot break this test. */
function pluginRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'scrm-wecom-root-'))
  mkdirSync(join(root, 'plugins'))
  for (const name of ['core', 'customers', 'tickets', 'channel-wecom']) symlinkSync(join(pluginsDir, name), join(root, 'plugins', name), 'dir')
  return root
}

describeDatabases('WeCom callback over HTTP', (kind) => {
  let p: TestPlatform
  let a: TestTenant
  let b: TestTenant
  let base: string
  const root = pluginRoot()

  const count = async (table: string, tenantId: string) => Number((await p.db.knex(table).where({ tenant_id: tenantId }).count({ n: '*' }))[0].n)
  const state = async (t: TestTenant) => ({ tickets: await count('tickets', t.tenantId), comments: await count('ticket_comments', t.tenantId), messages: await count('wecom_messages', t.tenantId), customers: await count('customers', t.tenantId) })
  const post = (slug: string, q: { msgSignature: string, timestamp: string, nonce: string }, body: string) =>
    fetch(`${base}/api/channels/wecom/callback/${slug}?msg_signature=${q.msgSignature}&timestamp=${q.timestamp}&nonce=${q.nonce}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body })
  /** A message signed and encrypted the way WeCom does it, for the sample's corp. */
  const signed = (xml: string, corpId = SAMPLE.corpId) => {
    const enc = encrypt(SAMPLE.encodingAesKey, xml, corpId)
    const q = { timestamp: String(Math.floor(Date.now() / 1000)), nonce: String(Math.floor(Math.random() * 1e9)) }
    return { q: { ...q, msgSignature: signature(SAMPLE.token, q.timestamp, q.nonce, enc) }, body: envelope(enc) }
  }
  const textXml = (from: string, content: string, msgId: string) =>
    `<xml><ToUserName><![CDATA[${SAMPLE.corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>1764547200</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>218</AgentID></xml>`

  beforeAll(async () => {
    p = await startTestPlatform(kind, { rootDir: root })
    a = await p.tenant()
    b = await p.tenant()
    for (const t of [a, b]) {
      expect((await t.api('POST', '/api/ticket-types', { key: 'wecom-enquiry', name: label })).status).toBe(201)
      const put = await t.api('PUT', '/api/channels/wecom/config', { token: SAMPLE.token, encodingAesKey: SAMPLE.encodingAesKey, corpId: SAMPLE.corpId, typeKey: 'wecom-enquiry' })
      expect(put.status, JSON.stringify(put.body)).toBe(200)
      expect(put.body).toEqual({ corpId: SAMPLE.corpId, typeKey: 'wecom-enquiry', enabled: true, secretsSet: ['token', 'encodingAesKey'] })
    }
    await p.app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await p?.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('settings: admin only, secrets never returned, bad key named', async () => {
    const agent = await a.user('agent')
    expect((await agent.api('GET', '/api/channels/wecom/config')).status).toBe(403)
    const got = await a.api('GET', '/api/channels/wecom/config')
    expect(JSON.stringify(got.body)).not.toContain(SAMPLE.encodingAesKey)
    const bad = await a.api('PUT', '/api/channels/wecom/config', { token: SAMPLE.token, encodingAesKey: 'short', corpId: SAMPLE.corpId, typeKey: 'wecom-enquiry' })
    expect(bad.status).toBe(400)
    expect(bad.body.details[0].field).toBe('/encodingAesKey')
    const noType = await a.api('PUT', '/api/channels/wecom/config', { token: SAMPLE.token, encodingAesKey: SAMPLE.encodingAesKey, corpId: SAMPLE.corpId, typeKey: 'no-such-type' })
    expect(noType.status).toBe(400)
    expect(noType.body.details[0].field).toBe('/typeKey')
    expect((await a.api('GET', '/api/channels/wecom/config')).body.typeKey).toBe('wecom-enquiry')
  })

  it('URL verification answers the decrypted echostr of the official sample', async () => {
    const v = SAMPLE.verify
    const res = await fetch(`${base}/api/channels/wecom/callback/${a.slug}?msg_signature=${v.msgSignature}&timestamp=${v.timestamp}&nonce=${v.nonce}&echostr=${encodeURIComponent(v.echostr)}`)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe(v.plain)
    const wrong = await fetch(`${base}/api/channels/wecom/callback/${a.slug}?msg_signature=${'0'.repeat(40)}&timestamp=${v.timestamp}&nonce=${v.nonce}&echostr=${encodeURIComponent(v.echostr)}`)
    expect(wrong.status).toBe(401)
    expect((await wrong.json()).details[0].field).toBe('msg_signature')
    expect((await fetch(`${base}/api/channels/wecom/callback/no-such-tenant?msg_signature=${v.msgSignature}&timestamp=${v.timestamp}&nonce=${v.nonce}&echostr=x`)).status).toBe(404)
  })

  it('the official sample message creates a ticket for the customer "mycreate"; a replay creates nothing', async () => {
    const m = SAMPLE.message
    const before = await state(a)
    const res = await post(a.slug, m, envelope(m.encrypt))
    expect(res.status, await res.clone().text()).toBe(200)
    const list = await a.api('GET', '/api/tickets?channel=wecom')
    expect(list.body.items ?? list.body).toHaveLength(1)
    const ticket = (list.body.items ?? list.body)[0]
    expect(ticket).toMatchObject({ title: 'hello', channel: 'wecom', typeKey: 'wecom-enquiry' })
    const customer = await a.api('GET', `/api/customers/${ticket.customerId}`)
    expect(JSON.stringify(customer.body)).toContain('mycreate')
    expect(await state(a)).toEqual({ ...before, tickets: before.tickets + 1, messages: before.messages + 1, customers: before.customers + 1 })

    const again = await post(a.slug, m, envelope(m.encrypt))
    expect(again.status).toBe(200)
    expect(await state(a)).toEqual({ ...before, tickets: before.tickets + 1, messages: before.messages + 1, customers: before.customers + 1 })
    // Tenant B has the same corp settings but its own URL: nothing landed there.
    expect(await state(b)).toEqual({ tickets: 0, comments: 0, messages: 0, customers: 0 })
  })

  it('a wrong signature → 401 JSON, nothing stored', async () => {
    const m = SAMPLE.message
    const before = await state(a)
    const res = await post(a.slug, { ...m, msgSignature: 'f'.repeat(40) }, envelope(m.encrypt))
    expect(res.status).toBe(401)
    const body = await res.json()
    expect(body).toMatchObject({ error: expect.any(String), message: expect.stringContaining('msg_signature') })
    expect(body.details[0].field).toBe('msg_signature')
    expect(await state(a)).toEqual(before)
  })

  it('a message encrypted for another corp id → 401, nothing stored', async () => {
    const before = await state(a)
    const { q, body } = signed(textXml('wm-other', '别的企业的消息', '9000000000000000001'), 'ww0000000000000000')
    const res = await post(a.slug, q, body)
    expect(res.status).toBe(401)
    expect((await res.json()).details[0].field).toBe('receiveid')
    expect(await state(a)).toEqual(before)
  })

  it('a second message of the same customer lands on their open WeCom ticket as a public comment', async () => {
    const first = signed(textXml('wmCustomer001', '洗衣机脱水时噪音很大', '9000000000000000002'))
    expect((await post(a.slug, first.q, first.body)).status).toBe(200)
    const second = signed(textXml('wmCustomer001', '补充：型号 XQG100', '9000000000000000003'))
    expect((await post(a.slug, second.q, second.body)).status).toBe(200)
    const list = (await a.api('GET', '/api/tickets?channel=wecom')).body
    const mine = (list.items ?? list).filter((t: { title: string }) => t.title === '洗衣机脱水时噪音很大')
    expect(mine).toHaveLength(1)
    const comments = await a.api('GET', `/api/tickets/${mine[0].id}/comments`)
    expect(comments.body.map((c: { body: string, visibility: string }) => [c.body, c.visibility])).toEqual([['补充：型号 XQG100', 'public']])
  })

  it('images and events are recorded once, without a ticket', async () => {
    const before = await state(a)
    const image = signed(`<xml><ToUserName><![CDATA[${SAMPLE.corpId}]]></ToUserName><FromUserName><![CDATA[wmImage01]]></FromUserName><CreateTime>1764547300</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://example.invalid/p.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId><MsgId>9000000000000000009</MsgId><AgentID>218</AgentID></xml>`)
    const event = signed(`<xml><ToUserName><![CDATA[${SAMPLE.corpId}]]></ToUserName><FromUserName><![CDATA[wmImage01]]></FromUserName><CreateTime>1764547301</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><AgentID>218</AgentID></xml>`)
    for (const m of [image, event, event]) expect((await post(a.slug, m.q, m.body)).status).toBe(200)
    expect(await state(a)).toEqual({ ...before, messages: before.messages + 2 })
    const rows = await p.db.knex('wecom_messages').where({ tenant_id: a.tenantId, from_user: 'wmImage01' }).orderBy('msg_type').select('msg_type', 'outcome', 'ticket_id')
    expect(rows).toEqual([{ msg_type: 'event', outcome: 'ignored', ticket_id: null }, { msg_type: 'image', outcome: 'ignored', ticket_id: null }])
  })

  it('a tenant that switched the plugin off answers 404 and stores nothing', async () => {
    const v = SAMPLE.verify
    const url = `${base}/api/channels/wecom/callback/${b.slug}?msg_signature=${v.msgSignature}&timestamp=${v.timestamp}&nonce=${v.nonce}&echostr=${encodeURIComponent(v.echostr)}`
    expect((await fetch(url)).status).toBe(200)
    expect((await b.api('PUT', '/api/plugins/channel-wecom', { enabled: false })).status).toBe(200)
    expect((await fetch(url)).status).toBe(404)
    const m = SAMPLE.message
    expect((await post(b.slug, m, envelope(m.encrypt))).status).toBe(404)
    expect(await state(b)).toEqual({ tickets: 0, comments: 0, messages: 0, customers: 0 })
    expect((await b.api('PUT', '/api/plugins/channel-wecom', { enabled: true })).status).toBe(200)
  })

  it('bad bodies are 4xx JSON naming the field', async () => {
    const m = SAMPLE.message
    const noEncrypt = await post(a.slug, m, '<xml><ToUserName>x</ToUserName></xml>')
    expect(noEncrypt.status).toBe(400)
    expect((await noEncrypt.json()).details[0].field).toBe('/xml/Encrypt')
    const notXml = await post(a.slug, m, 'hello')
    expect(notXml.status).toBe(400)
    const noSig = await fetch(`${base}/api/channels/wecom/callback/${a.slug}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: envelope(m.encrypt) })
    expect(noSig.status).toBe(400)
  })
})
