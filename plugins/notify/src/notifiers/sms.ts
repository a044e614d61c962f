import { createHash } from 'node:crypto'
import { permanent } from '../errors.js'
import type { FormattedNotifier } from './types.js'

/** An SMS gateway (Aliyun, Tencent Cloud …). Drivers are added with the `notify` service's `addSmsDriver`. */
export interface SmsDriver {
  id: string
  send: (sms: { phone: string, text: string, idempotencyKey: string }, config: SmsConfig) => Promise<{ providerId?: string }>
}

export interface SmsConfig {
  driver: string
  /** 短信签名, prefixed as 【签名】 when set. */
  signName?: string
  [key: string]: unknown
}

/** Prints messages instead of sending them: development, demos, and tenants without a gateway. */
export function consoleSmsDriver(write: (line: string) => void = line => console.info(line)): SmsDriver {
  return {
    id: 'console',
    async send(sms) {
      write(`[sms] to=${sms.phone} key=${sms.idempotencyKey} ${sms.text}`)
      return { providerId: `console:${createHash('sha256').update(sms.idempotencyKey).digest('hex').slice(0, 16)}` }
    },
  }
}

export function smsNotifier(drivers: Map<string, SmsDriver>): FormattedNotifier<SmsConfig> {
  return {
    id: 'sms',
    label: { 'zh-CN': '短信', 'en-US': 'SMS' },
    description: { 'zh-CN': '通过短信服务商发送（内置控制台驱动）', 'en-US': 'Sends through an SMS provider (console driver built in)' },
    addresses: 'phone',
    secretFields: ['accessKeySecret', 'apiKey'],
    configSchema: {
      type: 'object',
      required: ['driver'],
      properties: { driver: { type: 'string', minLength: 1 }, signName: { type: 'string' } },
    },
    format: () => 'text',
    async send(message, config) {
      const driver = drivers.get(config?.driver ?? 'console')
      if (!driver) throw permanent(`SMS: no driver "${config?.driver}" (known: ${[...drivers.keys()].join(', ')})`, 'config')
      if (!message.to.length) throw permanent('SMS: no phone number', 'address')
      const text = `${config?.signName ? `【${config.signName}】` : ''}${message.subject ? `${message.subject}${message.locale === 'en-US' ? ': ' : '：'}` : ''}${message.body}`
      let providerId: string | undefined
      for (const phone of message.to) {
        const r = await driver.send({ phone, text, idempotencyKey: message.to.length > 1 ? `${message.idempotencyKey}:${phone}` : message.idempotencyKey }, config)
        providerId ??= r.providerId
      }
      return { providerId }
    },
  }
}
