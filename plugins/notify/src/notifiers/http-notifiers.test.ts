import { createHmac } from 'node:crypto'
import type { NotificationMessage } from '@scrm/kernel'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DeliveryError } from '../errors.js'
import { startReceiver } from '../loopback.test-helper.js'
import { dingtalkNotifier, verifyWebhook, webhookNotifier, wecomNotifier } from './index.js'

type Receiver = Awaited<ReturnType<typeof startReceiver>>

const message: NotificationMessage = {
  to: [],
  subject: '【即将超时】工单 GD-42：空调不制冷',
  body: '客户 **张三** 的工单将于 10:00 超时',
  idempotencyKey: 'sla:t42:warning:wecom',
  event: 'sla.warning',
  locale: 'zh-CN',
}

let rx: Receiver
let slept: number[]
const sleep = async (ms: number) => { slept.push(ms) }

beforeAll(async () => { rx = await startReceiver() })
afterAll(() => rx.close())
beforeEach(() => {
  rx.received.length = 0
  rx.replies.length = 0
  slept = []
})

describe('WeCom group robot', () => {
  it('posts markdown to /cgi-bin/webhook/send?key=…', async () => {
    await wecomNotifier({ sleep }).send(message, { key: 'wk-123', baseUrl: rx.baseUrl })
    const [r] = rx.received
    expect(r.url.pathname).toBe('/cgi-bin/webhook/send')
    expect(r.url.searchParams.get('key')).toBe('wk-123')
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(r.json).toEqual({ msgtype: 'markdown', markdown: { content: `**【即将超时】工单 GD-42：空调不制冷**\n${message.body}` } })
  })

  it('switches to text to @mention people by phone', async () => {
    await wecomNotifier({ sleep }).send({ ...message, mentions: ['13800138000'] }, { key: 'k', baseUrl: rx.baseUrl })
    expect(rx.received[0].json).toMatchObject({ msgtype: 'text', text: { mentioned_mobile_list: ['13800138000'] } })
  })

  it('treats a non-zero errcode as a failure (rate limit: retryable; bad key: not)', async () => {
    rx.replies.push({ status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } })
    const bad = await wecomNotifier({ sleep }).send(message, { key: 'k', baseUrl: rx.baseUrl }).catch(e => e)
    expect(bad).toBeInstanceOf(DeliveryError)
    expect(bad).toMatchObject({ retryable: false, code: 93000 })
    rx.replies.push({ status: 200, body: { errcode: 45009, errmsg: 'api freq out of limit' } })
    const busy = await wecomNotifier({ sleep }).send(message, { key: 'k', baseUrl: rx.baseUrl }).catch(e => e)
    expect(busy).toMatchObject({ retryable: true, code: 45009 })
  })
})

describe('DingTalk robot', () => {
  const secret = 'SEC0123456789abcdef'

  it('signs with HMAC-SHA256(timestamp\\nsecret) and the receiver can verify it', async () => {
    const now = 1_760_000_000_123
    await dingtalkNotifier({ sleep, now: () => now }).send({ ...message, mentions: ['13900139000'] }, { accessToken: 'dt-token', secret, baseUrl: rx.baseUrl })
    const [r] = rx.received
    expect(r.url.pathname).toBe('/robot/send')
    expect(r.url.searchParams.get('access_token')).toBe('dt-token')
    const timestamp = r.url.searchParams.get('timestamp')!
    expect(timestamp).toBe(String(now))
    // Recomputed independently, as DingTalk does: searchParams has already URL-decoded `sign`.
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64')
    expect(r.url.searchParams.get('sign')).toBe(expected)
    expect(r.url.search).toContain(`sign=${encodeURIComponent(expected)}`)
    expect(r.json.msgtype).toBe('markdown')
    expect(r.json.markdown.title).toBe(message.subject)
    expect(r.json.markdown.text).toContain('@13900139000')
    expect(r.json.at).toEqual({ atMobiles: ['13900139000'], isAtAll: false })
  })

  it('sends unsigned when no secret is set', async () => {
    await dingtalkNotifier({ sleep }).send(message, { accessToken: 'dt', baseUrl: rx.baseUrl })
    expect(rx.received[0].url.searchParams.has('sign')).toBe(false)
  })

  it('reports a rejected signature as permanent', async () => {
    rx.replies.push({ status: 200, body: { errcode: 310000, errmsg: 'sign not match' } })
    await expect(dingtalkNotifier({ sleep }).send(message, { accessToken: 'dt', secret, baseUrl: rx.baseUrl })).rejects.toMatchObject({ retryable: false, code: 310000 })
  })
})

describe('generic webhook', () => {
  const secret = 'whsec-测试-secret'
  const send = (cfg: Record<string, unknown> = {}) => webhookNotifier({ sleep }).send(message, { url: `${rx.baseUrl}/hooks/scrm`, secret, ...cfg }, { tenantId: 't-1' })

  it('POSTs JSON signed with HMAC-SHA256 over "<timestamp>.<raw body>"', async () => {
    await send()
    const [r] = rx.received
    expect(r.url.pathname).toBe('/hooks/scrm')
    const ts = r.headers['x-scrm-timestamp'] as string
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5)
    const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${r.raw}`).digest('hex')}`
    expect(r.headers['x-scrm-signature']).toBe(expected)
    expect(verifyWebhook(secret, r.headers, r.raw)).toBe(true)
    expect(verifyWebhook(secret, r.headers, r.raw.replace('张三', '李四'))).toBe(false)
    expect(verifyWebhook('other', r.headers, r.raw)).toBe(false)
    expect(r.headers['x-scrm-idempotency-key']).toBe(message.idempotencyKey)
    expect(r.json).toMatchObject({ id: message.idempotencyKey, event: 'sla.warning', tenantId: 't-1', subject: message.subject, body: message.body, urgent: false })
  })

  it('retries 5xx with exponential back-off, then succeeds', async () => {
    rx.replies.push({ status: 500, body: { error: 'down' } }, { status: 503 }, { status: 200, body: { id: 'rcv-1' } })
    const result = await send()
    expect(rx.received).toHaveLength(3)
    expect(slept).toEqual([1000, 2000])
    expect(result).toEqual({ providerId: 'rcv-1' })
    // Every try is signed afresh and carries the same idempotency key.
    for (const r of rx.received) {
      expect(verifyWebhook(secret, r.headers, r.raw)).toBe(true)
      expect(r.headers['x-scrm-idempotency-key']).toBe(message.idempotencyKey)
    }
  })

  it('does not retry a 4xx', async () => {
    rx.replies.push({ status: 400, body: { error: 'bad payload' } })
    const err = await send().catch(e => e)
    expect(rx.received).toHaveLength(1)
    expect(slept).toEqual([])
    expect(err).toMatchObject({ retryable: false, code: 400 })
  })

  it('gives up after the configured retries and says the failure is retryable later', async () => {
    for (let i = 0; i < 3; i++) rx.replies.push({ status: 502 })
    const err = await send({ retries: 2 }).catch(e => e)
    expect(rx.received).toHaveLength(3)
    expect(slept).toEqual([1000, 2000])
    expect(err).toMatchObject({ retryable: true, code: 502 })
    expect(err.message).toContain('after 3 tries')
  })

  it('retries network errors (nothing listening)', async () => {
    const closed = await startReceiver()
    await closed.close()
    const err = await webhookNotifier({ sleep }).send(message, { url: `${closed.baseUrl}/x`, retries: 1 }).catch(e => e)
    expect(slept).toEqual([1000])
    expect(err).toMatchObject({ retryable: true, code: 'network' })
  })
})
