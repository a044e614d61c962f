import { permanent, transient } from '../errors.js'
import { postJson, withRetry } from '../http.js'
import { escapeMarkdown } from '../template.js'
import { type FormattedNotifier, type NotifierOptions, truncateBytes } from './types.js'

export interface WecomConfig {
  /** The robot's webhook key (the `key=` of its URL). */
  key: string
  /** Default https://qyapi.weixin.qq.com; tests and private deployments point elsewhere. */
  baseUrl?: string
  format?: 'markdown' | 'text'
}

// Codes that mean "later": system busy, rate limit (20 messages a minute per robot).
const WECOM_TRANSIENT = new Set([-1, 45009, 45033])

/** 企业微信群机器人: markdown messages, or text when people are @mentioned (markdown cannot mention by phone). */
export function wecomNotifier(opts: NotifierOptions = {}): FormattedNotifier<WecomConfig> {
  return {
    id: 'wecom',
    label: { 'zh-CN': '企业微信群机器人', 'en-US': 'WeCom group robot' },
    description: { 'zh-CN': '通过群机器人 Webhook 发送到企业微信群', 'en-US': 'Posts to a WeCom group through its robot webhook' },
    addresses: 'none',
    secretFields: ['key'],
    configSchema: {
      type: 'object',
      required: ['key'],
      properties: {
        key: { type: 'string', minLength: 1 },
        baseUrl: { type: 'string', format: 'uri' },
        format: { enum: ['markdown', 'text'] },
      },
    },
    format: (config, message) => (message.mentions?.length || config.format === 'text' ? 'text' : 'markdown'),
    async send(message, config) {
      if (!config?.key) throw permanent('WeCom robot: no webhook key configured', 'config')
      const url = `${(config.baseUrl ?? 'https://qyapi.weixin.qq.com').replace(/\/$/, '')}/cgi-bin/webhook/send?key=${encodeURIComponent(config.key)}`
      const mentions = message.mentions ?? []
      const payload = mentions.length || config.format === 'text'
        ? { msgtype: 'text', text: { content: truncateBytes(`${message.subject}\n${message.body}`, 2048), mentioned_mobile_list: mentions } }
        : { msgtype: 'markdown', markdown: { content: truncateBytes(`**${escapeMarkdown(message.subject)}**\n${message.body}`, 4096) } }
      const answer = await withRetry(() => postJson(url, JSON.stringify(payload), {}, opts), { retries: 1, baseMs: 1000, maxMs: 10_000, sleep: opts.sleep, ...opts.retry })
      const code = answer.json?.errcode
      if (code !== 0) {
        const msg = `WeCom robot answered errcode ${code}: ${answer.json?.errmsg ?? answer.text.slice(0, 200)}`
        throw WECOM_TRANSIENT.has(code) ? transient(msg, code) : permanent(msg, code)
      }
    },
  }
}
