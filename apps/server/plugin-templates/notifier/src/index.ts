import { defineConfig, defineMessages, definePlugin, type NotifierDef, type NotifierFailure, Type } from '@scrm/sdk'

const messages = defineMessages({
  'zh-CN': { label: '__NAME__ 通知', description: '以 JSON 推送通知到 __NAME__ 网址' },
  'en-US': { label: '__NAME__ notifier', description: 'Pushes notifications as JSON to a __NAME__ URL' },
})

interface Config { url: string, token?: string }

const config = defineConfig(Type.Object({
  url: Type.String({ format: 'uri' }),
  token: Type.Optional(Type.String()),
}, { additionalProperties: false }))

function failure(message: string, retryable: boolean, code?: number): NotifierFailure {
  return Object.assign(new Error(message), { retryable, code })
}

/** Sends each message as one JSON POST; 4xx answers are final, the rest are retried by the outbox. */
const notifier: NotifierDef<Config> = {
  id: '__NAME__',
  label: messages.text('label'),
  description: messages.text('description'),
  configSchema: config.schema,
  secretFields: ['token'],
  addresses: 'none',
  async send(message, config, ctx) {
    const res = await fetch(config.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': message.idempotencyKey,
        ...(config.token ? { authorization: `Bearer ${config.token}` } : {}),
      },
      body: JSON.stringify({ subject: message.subject, body: message.body, to: message.to, event: message.event, urgent: !!message.urgent }),
      signal: ctx?.signal,
    })
    if (!res.ok) throw failure(`__NAME__ answered HTTP ${res.status}`, res.status >= 500 || res.status === 429, res.status)
    return { providerId: res.headers.get('x-request-id') ?? undefined }
  },
}

export default definePlugin({
  name: '__NAME__',
  version: '0.1.0',
  label: messages.text('label'),
  description: messages.text('description'),
  setup({ notifiers }) {
    notifiers.register(notifier)
  },
})
