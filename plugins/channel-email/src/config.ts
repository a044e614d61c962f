/** One tenant mailbox: where its SMTP listener binds and what its mail becomes. */
export interface MailboxConfig {
  /** Slug of the tenant whose tickets this mailbox makes. */
  tenant: string
  /** The address customers write to; RCPT TO other than this is refused (550). Omitted: any. */
  address?: string
  host: string
  port: number
  /** Ticket type of new tickets. */
  typeKey: string
  /** Raw message size limit; bigger mail is refused with SMTP 552. Default 25 MiB. */
  maxMessageBytes: number
  /**
   * Send the customer an acknowledgement through the notify plugin (tenant's default email
   * channel), threaded to their mail and tagged with the ticket number. Default false.
   */
  acknowledge: boolean
  /** Mail staff members' public comments on the mailbox's tickets to the customer. Default false. */
  mailReplies: boolean
}

/** Operator settings under `channel-email` in SCRM_PLUGIN_CONFIG. */
export interface EmailChannelConfig {
  mailboxes?: Array<Partial<MailboxConfig>>
}

export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024

/** Checks the operator's mailbox list; a mistake stops start-up with a message naming the entry. */
export function readMailboxes(config: Record<string, unknown>): MailboxConfig[] {
  const raw = (config as EmailChannelConfig).mailboxes ?? []
  if (!Array.isArray(raw)) throw new Error('channel-email: mailboxes must be an array')
  const seen = new Set<string>()
  return raw.map((m, i) => {
    const where = `channel-email: mailboxes[${i}]`
    if (!m || typeof m.tenant !== 'string' || !m.tenant) throw new Error(`${where}.tenant (a tenant slug) is required`)
    if (!Number.isInteger(m.port) || m.port! < 0 || m.port! > 65535) throw new Error(`${where}.port must be an integer 0–65535`)
    if (typeof m.typeKey !== 'string' || !m.typeKey) throw new Error(`${where}.typeKey (the ticket type of new tickets) is required`)
    if (m.address !== undefined && !/^[^\s@]+@[^\s@]+$/.test(String(m.address))) throw new Error(`${where}.address is not an email address`)
    if (m.maxMessageBytes !== undefined && (!Number.isInteger(m.maxMessageBytes) || m.maxMessageBytes <= 0)) throw new Error(`${where}.maxMessageBytes must be a positive integer`)
    const host = m.host ?? '127.0.0.1'
    const key = `${host}:${m.port}`
    if (m.port !== 0 && seen.has(key)) throw new Error(`${where}: ${key} is used by another mailbox`)
    seen.add(key)
    return { tenant: m.tenant, address: m.address?.toLowerCase(), host, port: m.port!, typeKey: m.typeKey, maxMessageBytes: m.maxMessageBytes ?? DEFAULT_MAX_BYTES, acknowledge: m.acknowledge === true, mailReplies: m.mailReplies === true }
  })
}
