import type { CustomersService } from '@scrm/plugin-customers'
import type { TicketsIntake } from '@scrm/plugin-tickets'
import type { TenantScope } from '@scrm/store'

export const CHANNEL = 'wecom'

export interface WecomMessage {
  MsgId?: string
  FromUserName?: string
  MsgType?: string
  Content?: string
  CreateTime?: string
  [key: string]: string | undefined
}

export type Outcome = 'ticket' | 'comment' | 'ignored' | 'duplicate'

export interface IntakeResult {
  outcome: Outcome
  ticketId?: string
}

const titleOf = (text: string) => [...text.replace(/\s+/g, ' ').trim()].slice(0, 50).join('') || '企业微信消息'

/**
 * A decrypted message → a ticket, or a public comment on the customer's open WeCom ticket (the
 * conversation continues where it is being handled). The MsgId row is written first in the same
 * transaction: a redelivery (WeCom retries three times) conflicts on it and creates nothing.
 * Events and non-text messages are recorded, not turned into tickets.
 */
export async function ingest(deps: { intake: TicketsIntake, customers: CustomersService }, scope: TenantScope, typeKey: string, msg: WecomMessage): Promise<IntakeResult> {
  const from = msg.FromUserName ?? ''
  const msgId = msg.MsgId ?? `${from}:${msg.CreateTime ?? ''}:${msg.MsgType ?? ''}`
  const text = msg.MsgType === 'text' ? (msg.Content ?? '').trim() : ''
  return scope.transaction(async (s) => {
    const [row] = await s.insert('wecom_messages', {
      msg_id: msgId.slice(0, 64), from_user: from.slice(0, 128), msg_type: (msg.MsgType ?? 'unknown').slice(0, 32), content: msg.Content ?? null, outcome: 'ignored',
    }).onConflict(['tenant_id', 'msg_id']).ignore().returning('id')
    if (!row) return { outcome: 'duplicate' }
    if (!text || !from) return { outcome: 'ignored' }

    const { customer } = await deps.customers.matchOrCreate(s, { wecomExternalUserId: from, source: CHANNEL })
    const open = await s.table('tickets')
      .where({ customer_id: customer.id, channel: CHANNEL })
      .whereNotIn('status_category', ['resolved', 'closed'])
      .whereNull('merged_into_id')
      .orderBy('created_at', 'desc').first('id')
    let result: IntakeResult
    if (open) {
      await deps.intake.addComment(s, open.id, { body: text, visibility: 'public', actor: { kind: 'customer', name: customer.name }, authorName: customer.name, channel: CHANNEL, data: { kind: 'wecom_message', msgId } })
      result = { outcome: 'comment', ticketId: open.id }
    }
    else {
      const { ticket } = await deps.intake.create(s, { typeKey, title: titleOf(text), description: text, customerId: customer.id }, { channel: CHANNEL, actor: { kind: 'customer', name: customer.name } })
      result = { outcome: 'ticket', ticketId: ticket.id }
    }
    await s.table('wecom_messages').where({ id: row.id }).update({ outcome: result.outcome, ticket_id: result.ticketId })
    return result
  })
}
