import { randomUUID } from 'node:crypto'
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser'
import { autoReplyReason } from './auto-reply.js'

export interface InboundMail {
  messageId: string
  inReplyTo?: string
  /** In-Reply-To and References together, nearest first: what a reply may point at. */
  thread: string[]
  references: string[]
  from: { address: string, name: string }
  subject: string
  text: string
  attachments: Array<{ filename: string, content: Buffer }>
  /** Why this is machine mail (auto-reply, bounce, list), or undefined. */
  autoReply?: string
  size: number
}

const ids = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v ? v.split(/\s+/) : []).map(s => s.trim()).filter(s => /^<[^<>\s]+>$/.test(s))

function sender(from: AddressObject | AddressObject[] | undefined): { address: string, name: string } {
  const first = (Array.isArray(from) ? from[0] : from)?.value?.[0]
  return { address: (first?.address ?? '').trim().toLowerCase(), name: (first?.name ?? '').trim() }
}

/**
 * A raw RFC 5322 message, decoded: mailparser turns any charset (GBK, GB2312, GB18030, Big5 …,
 * through iconv-lite) and RFC 2047 encoded words into UTF-8. A mail without a Message-ID gets one
 * made up here, so it can still be recorded once.
 */
export async function parseMail(raw: Buffer): Promise<InboundMail> {
  const mail: ParsedMail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true })
  const from = sender(mail.from)
  const references = ids(mail.references)
  const inReplyTo = ids(mail.inReplyTo)[0]
  return {
    messageId: ids(mail.messageId)[0] ?? `<${randomUUID()}@scrm.invalid>`,
    inReplyTo,
    references,
    thread: [...new Set([...(inReplyTo ? [inReplyTo] : []), ...references.slice().reverse()])],
    from,
    subject: (mail.subject ?? '').replace(/\s+/g, ' ').trim(),
    text: (mail.text ?? '').replace(/\r\n/g, '\n').trim(),
    attachments: mail.attachments
      .filter(a => a.contentDisposition !== 'inline' || a.filename)
      .map((a, i) => ({ filename: a.filename ?? `attachment-${i + 1}`, content: a.content })),
    autoReply: autoReplyReason(name => mail.headers.get(name), from.address),
    size: raw.length,
  }
}
