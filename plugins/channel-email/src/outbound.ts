import type { NotifyService } from '@scrm/plugin-notify'
import type { TicketEvent, TicketsIntake } from '@scrm/plugin-tickets'
import type { TenantScope } from '@scrm/store'
import { subjectTag } from './threading.js'

/**
 * A staff member's public comment on a ticket that came in by email goes to the customer as a
 * reply in their thread (notify: tenant's default email channel, delivery log, outbox):
 * In-Reply-To their latest mail, References all their mails on the ticket, the ticket tag in
 * the subject. Only comments by users: what the channel itself wrote (the customer's own mail)
 * and anything machine-made never goes out, so nothing can loop.
 */
export async function mailStaffReply(deps: { intake: TicketsIntake, notify: NotifyService }, scope: TenantScope, event: TicketEvent): Promise<void> {
  if (event.kind !== 'commented' || event.actor.kind !== 'user' || event.data.visibility !== 'public') return
  const ticket = await deps.intake.find(scope, event.ticketId)
  if (!ticket || ticket.channel !== 'email') return
  const mails: Array<{ message_id: string, from_address: string, outcome: string }> = await scope.table('email_messages')
    .where({ ticket_id: ticket.id, direction: 'in' }).whereIn('outcome', ['ticket', 'comment']).orderBy('created_at').select('message_id', 'from_address', 'outcome')
  // The person who opened the ticket by mail; someone who only typed its number in a subject is not told.
  const to = mails.find(m => m.outcome === 'ticket')?.from_address
  if (!to) return
  const comment = await scope.table('ticket_comments').where({ id: event.data.commentId }).first('body')
  if (!comment) return
  const subject = `Re: ${ticket.title} ${subjectTag(ticket.number)}`
  const ids = mails.map(m => m.message_id)
  await deps.notify.dispatch(scope, {
    event: 'ticket.email_reply',
    subject: { 'zh-CN': subject, 'en-US': subject },
    body: { 'zh-CN': comment.body, 'en-US': comment.body },
    recipients: [{ email: to }],
    key: `email-reply:${event.data.commentId}`,
    thread: { inReplyTo: ids.at(-1), references: ids.slice(-20) },
  })
}
