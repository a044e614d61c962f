import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface Received {
  method: string
  url: URL
  headers: IncomingHttpHeaders
  raw: string
  json: any
  at: number
}

export interface Reply {
  status: number
  body?: unknown
}

/**
 * An HTTP server on 127.0.0.1 standing in for WeCom, DingTalk and webhook receivers. Answers
 * come from `replies` in order (then `fallback`), so a test can script 500-then-200.
 */
export async function startReceiver(fallback: Reply = { status: 200, body: { errcode: 0, errmsg: 'ok' } }) {
  const received: Received[] = []
  const replies: Reply[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      let json: unknown
      try { json = JSON.parse(raw) }
      catch { json = undefined }
      received.push({ method: req.method!, url: new URL(req.url!, 'http://127.0.0.1'), headers: req.headers, raw, json, at: Date.now() })
      const reply = replies.shift() ?? fallback
      res.writeHead(reply.status, { 'content-type': 'application/json' })
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body))
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    replies,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  }
}

export interface ReceivedMail {
  from: string
  to: string[]
  user?: string
  raw: string
  parsed: ParsedMail
}

/** A real SMTP server (smtp-server) on 127.0.0.1 with login, no TLS (loopback only). */
export async function startSmtp(credentials = { user: 'robot@example.cn', pass: 'smtp-pass' }) {
  const mails: ReceivedMail[] = []
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, cb) {
      if (auth.username === credentials.user && auth.password === credentials.pass) cb(null, { user: auth.username })
      else cb(new Error('Invalid username or password'))
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = []
      stream.on('data', c => chunks.push(c))
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        mails.push({
          from: (session.envelope.mailFrom || { address: '' }).address,
          to: session.envelope.rcptTo.map(r => r.address),
          user: session.user as string | undefined,
          raw,
          parsed: await simpleParser(raw),
        })
        cb()
      })
    },
    logger: false,
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    port,
    mails,
    credentials,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  }
}
