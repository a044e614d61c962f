import { createHmac } from 'node:crypto'
import { permanent, transient } from '../errors.js'
import { postJson, withRetry } from '../http.js'
import { escapeMarkdown } from '../template.js'
import type { FormattedNotifier, NotifierOptions } from './types.js'

export interface DingtalkConfig {
  accessToken: string
  /** The robot's 加签 secret (SEC…); without it the robot must use keywords or an IP allow-list. */
  secret?: string
  /** Default https://oapi.dingtalk.com. */
  baseUrl?: string
  atAll?: boolean
}

/** DingTalk's signature: base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret)), URL-encoded. */
export function dingtalkSign(secret: string, timestamp: number): string {
  return encodeURIComponent(createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64'))
}

// 130101: sending too fast (20 a minute); -1: system busy.
const DINGTALK_TRANSIENT = new Set([-1, 130101])

/** 钉钉自定义机器人: markdown, signed when a secret is set, @mentions by phone. */
export function dingtalkNotifier(opts: NotifierOptions = {}): FormattedNotifier<DingtalkConfig> {
  return {
    id: 'dingtalk',
    label: { 'zh-CN': '钉钉群机器人', 'en-US': 'DingTalk group robot' },
    description: { 'zh-CN': '通过自定义机器人（加签）发送到钉钉群', 'en-US': 'Posts to a DingTalk group through a signed custom robot' },
    addresses: 'none',
    secretFields: ['accessToken', 'secret'],
    configSchema: {
      type: 'object',
      required: ['accessToken'],
      properties: {
        accessToken: { type: 'string', minLength: 1 },
        secret: { type: 'string' },
        baseUrl: { type: 'string', format: 'uri' },
        atAll: { type: 'boolean' },
      },
    },
    format: () => 'markdown',
    async send(message, config) {
      if (!config?.accessToken) throw permanent('DingTalk robot: no access token configured', 'config')
      const base = `${(config.baseUrl ?? 'https://oapi.dingtalk.com').replace(/\/$/, '')}/robot/send?access_token=${encodeURIComponent(config.accessToken)}`
      const mentions = message.mentions ?? []
      // DingTalk markdown needs a blank line for a line break; a mention shows only when "@phone" is in the text.
      const text = `#### ${escapeMarkdown(message.subject)}\n\n${message.body.replace(/\r?\n/g, '\n\n')}${mentions.length ? `\n\n${mentions.map(m => `@${m}`).join(' ')}` : ''}`
      const payload = JSON.stringify({
        msgtype: 'markdown',
        markdown: { title: message.subject, text },
        at: { atMobiles: mentions, isAtAll: !!config.atAll },
      })
      const answer = await withRetry(() => {
        // A fresh timestamp per try: DingTalk rejects signatures older than an hour.
        const ts = (opts.now ?? Date.now)()
        const url = config.secret ? `${base}&timestamp=${ts}&sign=${dingtalkSign(config.secret, ts)}` : base
        return postJson(url, payload, {}, opts)
      }, { retries: 1, baseMs: 1000, maxMs: 10_000, sleep: opts.sleep, ...opts.retry })
      const code = answer.json?.errcode
      if (code !== 0) {
        const msg = `DingTalk robot answered errcode ${code}: ${answer.json?.errmsg ?? answer.text.slice(0, 200)}`
        throw DINGTALK_TRANSIENT.has(code) ? transient(msg, code) : permanent(msg, code)
      }
    },
  }
}
