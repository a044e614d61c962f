import type { TicketsIntake } from '@scrm/plugin-tickets'
import type { TenantScope } from '@scrm/store'
import type { InboundMail } from './parse.js'

/** `[#GD-20261201-0001]` in a subject: the ticket number our mail carries, kept by "Re:". */
const TAG = /\[#([A-Z]{1,8}-\d{8}-\d{4,})\]/

export const subjectTag = (number: string) => `[#${number}]`

export function taggedNumber(subject: string): string | undefined {
  return TAG.exec(subject)?.[1]
}

export interface ThreadMatch {
  ticketId: string
  /** `message-id`: the mail answers one of ours or the customer's own earlier mail; `tag`: only the subject says so. */
  by: 'message-id' | 'tag'
}

/**
 * The ticket a mail replies to: a Message-ID it points at (In-Reply-To, then References from the
 * newest) that we stored for a ticket, else the ticket number tagged in the subject. A merged
 * ticket hands over to the one it was merged into.
 */
export async function findThread(scope: TenantScope, intake: TicketsIntake, mail: InboundMail): Promise<ThreadMatch | undefined> {
  let match: ThreadMatch | undefined
  if (mail.thread.length) {
    const rows: Array<{ message_id: string, ticket_id: string }> = await scope.table('email_messages').whereIn('message_id', mail.thread).whereNotNull('ticket_id').select('message_id', 'ticket_id')
    const byId = new Map(rows.map(r => [r.message_id, r.ticket_id]))
    const hit = mail.thread.find(id => byId.has(id))
    if (hit) match = { ticketId: byId.get(hit)!, by: 'message-id' }
  }
  const number = match ? undefined : taggedNumber(mail.subject)
  if (number) {
    const ticket = await intake.findByNumber(scope, number)
    if (ticket) match = { ticketId: ticket.id, by: 'tag' }
  }
  if (!match) return undefined
  const ticket = await intake.find(scope, match.ticketId)
  if (!ticket) return undefined
  return ticket.mergedIntoId ? { ...match, ticketId: ticket.mergedIntoId } : match
}

const QUOTE_HEADER = /^(On .{1,200} wrote:|在.{1,200}写道[:：]|-{2,}\s*(Original Message|原始邮件|Forwarded message)\s*-{2,}|From: .+|发件人[:：].+)$/

/** The new text of a reply: everything before the quoted mail it answers. */
export function replyText(text: string): string {
  const out: string[] = []
  for (const line of text.split('\n')) {
    if (QUOTE_HEADER.test(line.trim())) break
    if (line.startsWith('>')) continue
    out.push(line)
  }
  return out.join('\n').trim() || text.trim()
}
