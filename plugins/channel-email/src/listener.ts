import type { AddressInfo } from 'node:net'
import type { Logger } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import { SMTPServer } from 'smtp-server'
import type { MailboxConfig } from './config.js'
import { ingest, type IngestDeps } from './ingest.js'
import { parseMail } from './parse.js'

export interface MailboxListener {
  mailbox: MailboxConfig
  /** The bound port (the configured one, or the one the OS chose for port 0). */
  port: number
  close: () => Promise<void>
}

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode })

/**
 * The SMTP listener of one tenant mailbox (smtp-server): accepts mail for the mailbox address
 * only, refuses mail over the size limit with 552 without keeping it, and answers 250 only once
 * the mail is recorded — a failure is a 451 so the sending server tries again later.
 */
export async function listen(mailbox: MailboxConfig, scope: TenantScope, deps: IngestDeps, logger: Logger, enabled: () => boolean = () => true): Promise<MailboxListener> {
  const server = new SMTPServer({
    name: mailbox.address?.split('@')[1] ?? 'scrm',
    banner: 'scrm email channel',
    size: mailbox.maxMessageBytes,
    rejectOversized: true,
    // A mailbox receiving from the world (or an MX relay): no login, no TLS here (terminate TLS
    // in the relay in front of it).
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    // Connections beyond this wait in the sender's queue instead of exhausting the server.
    maxClients: 50,
    onRcptTo(address, _session, cb) {
      // A tenant that switched the channel off gets no mail through it (the sender bounces it).
      if (!enabled()) return cb(smtpError(`<${address.address}>: mailbox disabled`, 550))
      if (mailbox.address && address.address.toLowerCase() !== mailbox.address) return cb(smtpError(`<${address.address}>: no such mailbox here`, 550))
      cb()
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = []
      let size = 0
      stream.on('data', (c: Buffer) => {
        size += c.length
        // Past the limit nothing more is kept; smtp-server answers 552 for it.
        if (size <= mailbox.maxMessageBytes) chunks.push(c)
      })
      stream.on('error', err => cb(err))
      stream.on('end', () => {
        if (stream.sizeExceeded) return cb(smtpError(`message exceeds fixed maximum message size ${mailbox.maxMessageBytes}`, 552))
        parseMail(Buffer.concat(chunks))
          .then(mail => ingest(deps, scope, mailbox, mail))
          .then((result) => {
            logger.info({ mailbox: mailbox.address, outcome: result.outcome, ticketId: result.ticketId }, 'mail received')
            cb()
          })
          .catch((err) => {
            logger.error({ err, mailbox: mailbox.address }, 'mail could not be recorded')
            cb(smtpError('temporary failure, try again later', 451))
          })
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(mailbox.port, mailbox.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  server.on('error', err => logger.error({ err, mailbox: mailbox.address }, 'smtp listener error'))
  return {
    mailbox,
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  }
}
