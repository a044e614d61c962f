import { badRequest, errors } from '@scrm/kernel'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { createTicket, type NewTicket } from '../create.js'
import type { TicketsDeps } from '../deps.js'
import { requestHash } from '../idempotency.js'
import { idempotencyKey, staffOnly, userActor } from './common.js'
import { closed, CustomerIdentity, lit, TicketInputProps, TicketOut } from './schemas.js'
import { IdempotencyHeaders, sendCreated } from './tickets.js'

export interface ChatMessage {
  sender: 'customer' | 'agent'
  name?: string
  text: string
  at: string
}

const Message = Type.Object({
  sender: lit(['customer', 'agent']),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  text: Type.String({ minLength: 1, maxLength: 5000 }),
  at: Type.String({ format: 'date-time' }),
}, closed)

const SENDER = { customer: '客户', agent: '客服' }
const clock = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')

/** The transcript as readable text (description and search), times in China time. */
export function renderTranscript(messages: ChatMessage[]): string {
  return messages.map(m => `[${clock(m.at)}] ${m.name ? `${SENDER[m.sender]} ${m.name}` : SENDER[m.sender]}: ${m.text}`).join('\n')
}

/** Messages must be in time order; the first out-of-order one is named by index. */
function checkOrder(messages: ChatMessage[]): void {
  for (let i = 1; i < messages.length; i++) {
    if (Date.parse(messages[i].at) < Date.parse(messages[i - 1].at))
      throw badRequest(`invalid body: /transcript/${i}/at is earlier than the message before it`, [{ in: 'body', field: `/transcript/${i}/at`, message: 'is earlier than the message before it' }])
  }
}

/**
 * Chat window "一键转工单": the agent posts the conversation; the customer is matched by the
 * identities the chat knows (WeCom external_userid, WeChat openid, phone …), the transcript becomes
 * the description and a structured internal comment, and the first customer message the title.
 */
export function chatRoutes(deps: TicketsDeps): FastifyPluginAsync {
  return async (app) => {
    app.addHook('preHandler', staffOnly)
    app.post('/tickets', {
      schema: {
        tags: ['channels'],
        summary: 'Chat to ticket: transcript + customer identities → ticket with the transcript attached',
        headers: IdempotencyHeaders,
        body: Type.Object({
          ...TicketInputProps,
          transcript: Type.Array(Message, { minItems: 1, maxItems: 2000 }),
          customer: CustomerIdentity,
        }, closed),
        response: { 201: TicketOut, ...errors(400, 403, 422) },
      },
    }, async (request, reply) => {
      const body = request.body as NewTicket & { transcript: ChatMessage[] }
      checkOrder(body.transcript)
      const { transcript, ...input } = body
      const text = renderTranscript(transcript)
      const firstAsk = transcript.find(m => m.sender === 'customer')?.text ?? transcript[0].text
      const key = idempotencyKey(request)
      return sendCreated(reply, await createTicket(deps, request.scope, {
        ...input,
        title: input.title ?? [...firstAsk.replace(/\s+/g, ' ').trim()].slice(0, 50).join(''),
        description: input.description ? `${input.description}\n\n${text}` : text,
      }, {
        channel: 'chat',
        actor: userActor(request),
        idempotency: key ? { key, hash: requestHash('POST /channels/chat/tickets', body) } : undefined,
        comment: { body: text, data: { kind: 'chat_transcript', messages: transcript }, visibility: 'internal' },
      }))
    })
  }
}
