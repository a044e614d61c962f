import { normalizeIdentity, type CustomersService, type IntakeIdentity } from '@scrm/plugin-customers'
import type { NotifyService } from '@scrm/plugin-notify'
import type { StoredUpload, Ticket, TicketsIntake } from '@scrm/plugin-tickets'
import type { TenantScope } from '@scrm/store'
import type { MailboxConfig } from './config.js'
import type { InboundMail } from './parse.js'
import { findThread, replyText, subjectTag } from './threading.js'

export const CHANNEL = 'email'

export interface IngestDeps {
  intake: TicketsIntake
  customers: CustomersService
  /** The notify service when the notify plugin is there (acknowledgements). */
  notify?: () => NotifyService | undefined
}

export type Outcome = 'ticket' | 'comment' | 'auto_reply' | 'duplicate'

export interface IngestResult {
  outcome: Outcome
  ticketId?: string
  rejectedAttachments: Array<{ filename: string, reason: string }>
}

function customerOf(mail: InboundMail): IntakeIdentity {
  const name = mail.from.name || undefined
  const email = normalizeIdentity('email', mail.from.address)
  return email.ok ? { email: email.value, name } : { name: name ?? (mail.from.address || '邮件客户') }
}

const titleOf = (mail: InboundMail) =>
  [...(mail.subject || mail.text.split('\n').find(l => l.trim()) || '(无主题)').trim()].slice(0, 200).join('')

/** The sender is one of the ticket customer's known email addresses. */
async function fromCustomer(deps: IngestDeps, scope: TenantScope, ticket: Ticket, address: string): Promise<boolean> {
  if (!ticket.customerId) return false
  return (await deps.customers.identities(scope, ticket.customerId)).some(i => i.kind === 'email' && i.value === address)
}

/**
 * One received mail, in one transaction: recorded by Message-ID (a second delivery of the same
 * mail does nothing), then either
 * - machine mail (auto-reply, bounce, list): recorded only — no ticket, no comment, nothing sent;
 * - a reply to a ticket (Message-ID thread or subject tag): a comment, public when the thread
 *   proves it answers our mail or the sender is the customer, internal otherwise (anyone can
 *   type a ticket number into a subject);
 * - anything else: a new ticket for the customer matched or created by the sender's address,
 *   and, if the mailbox says so, an acknowledgement threaded to the mail.
 * Attachments go through the tickets attachment store (its type and size rules); refused ones
 * are listed on the record and in the comment/ticket data, the mail still counts.
 */
export async function ingest(deps: IngestDeps, outer: TenantScope, mailbox: MailboxConfig, mail: InboundMail): Promise<IngestResult> {
  const record = (s: TenantScope, outcome: string, extra: Record<string, unknown> = {}) => s.insert('email_messages', {
    direction: 'in', message_id: mail.messageId.slice(0, 500), mailbox: mailbox.address ?? null, from_address: mail.from.address.slice(0, 320),
    subject: mail.subject.slice(0, 1000), in_reply_to: mail.inReplyTo?.slice(0, 500) ?? null, references: JSON.stringify(mail.references.slice(-50)),
    size: mail.size, outcome, ...extra,
  }).onConflict(['tenant_id', 'direction', 'message_id']).ignore().returning('id')

  const seen = await outer.table('email_messages').where({ direction: 'in', message_id: mail.messageId.slice(0, 500) }).first('ticket_id')
  if (seen) return { outcome: 'duplicate', ticketId: seen.ticket_id ?? undefined, rejectedAttachments: [] }

  // Our own mail coming back in (a forward or a relay loop) is machine mail too.
  const machine = mail.autoReply ?? (mailbox.address && mail.from.address === mailbox.address ? `sent from this mailbox (${mailbox.address})` : undefined)
  if (machine) {
    const [row] = await record(outer, 'auto_reply', { auto_reply_reason: machine.slice(0, 200) })
    return { outcome: row ? 'auto_reply' : 'duplicate', rejectedAttachments: [] }
  }

  const { stored, rejected } = await deps.intake.storeFiles(outer.tenantId, mail.attachments)
  try {
    const result = await outer.transaction(async (s): Promise<IngestResult> => {
      const thread = await findThread(s, deps.intake, mail)
      const author = mail.from.name || mail.from.address
      const extra = { rejected_attachments: JSON.stringify(rejected) }
      if (thread) {
        const [row] = await record(s, 'comment', { ...extra, ticket_id: thread.ticketId })
        if (!row) return { outcome: 'duplicate', rejectedAttachments: [] }
        const ticket = (await deps.intake.find(s, thread.ticketId))!
        const trusted = thread.by === 'message-id' || await fromCustomer(deps, s, ticket, mail.from.address)
        await deps.intake.addComment(s, ticket.id, {
          body: replyText(mail.text) || mail.subject, visibility: trusted ? 'public' : 'internal', channel: CHANNEL, uploads: stored,
          actor: { kind: 'customer', name: author }, authorName: author,
          data: { kind: 'email', messageId: mail.messageId, from: mail.from.address, subject: mail.subject, matchedBy: thread.by, rejectedAttachments: rejected },
        })
        return { outcome: 'comment', ticketId: ticket.id, rejectedAttachments: rejected }
      }
      const [row] = await record(s, 'ticket', extra)
      if (!row) return { outcome: 'duplicate', rejectedAttachments: [] }
      const { ticket } = await deps.intake.create(s, {
        typeKey: mailbox.typeKey, title: titleOf(mail), description: mail.text, customer: customerOf(mail), uploads: stored,
      }, { channel: CHANNEL, actor: { kind: 'customer', name: author } })
      await s.table('email_messages').where({ id: row.id }).update({ ticket_id: ticket.id })
      if (mailbox.acknowledge) await acknowledge(deps, s, ticket, mail)
      return { outcome: 'ticket', ticketId: ticket.id, rejectedAttachments: rejected }
    })
    // The same mail delivered twice at once: the other delivery keeps its own copies of the files.
    if (result.outcome === 'duplicate') await deps.intake.removeFiles(stored)
    return result
  }
  catch (err) {
    await deps.intake.removeFiles(stored)
    throw err
  }
}

/**
 * "We received your mail" through the notify plugin (tenant's default email channel, delivery
 * log, outbox), as a reply in the customer's thread: In-Reply-To their mail, References their
 * thread plus their mail, the ticket number tagged in the subject. Their answer to it then finds
 * the ticket by References even when their client drops the tag.
 */
async function acknowledge(deps: IngestDeps, scope: TenantScope, ticket: Ticket, mail: InboundMail): Promise<void> {
  const notify = deps.notify?.()
  if (!notify || !mail.from.address) return
  const subject = `Re: ${mail.subject || ticket.title} ${subjectTag(ticket.number)}`
  await notify.dispatch(scope, {
    event: 'ticket.email_received',
    subject: { 'zh-CN': subject, 'en-US': subject },
    body: {
      'zh-CN': `您好，我们已收到您的邮件，工单号 ${ticket.number}。回复本邮件即可补充信息。`,
      'en-US': `Hello, we have received your mail as ticket ${ticket.number}. Reply to this mail to add information.`,
    },
    recipients: [{ email: mail.from.address, name: mail.from.name || undefined }],
    key: `email-ack:${ticket.id}`,
    // RFC 3834: an automatic answer says so, and well-behaved auto-responders do not answer it.
    autoSubmitted: 'auto-replied',
    thread: { inReplyTo: mail.messageId, references: [...mail.references, mail.messageId].slice(-20) },
  })
}
