import { HttpError, notFound, type PublicAccess } from '@scrm/kernel'
import type { CustomersService } from '@scrm/plugin-customers'
import type { TicketsIntake } from '@scrm/plugin-tickets'
import type { TenantScope } from '@scrm/store'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { loadConfig, type WecomConfig } from '../config.js'
import { CryptoError, open } from '../crypto.js'
import { ingest, type WecomMessage } from '../intake.js'
import { parseFlatXml } from '../xml.js'

const Params = Type.Object({ tenantSlug: Type.String({ minLength: 1, maxLength: 64 }) })
const Signed = {
  msg_signature: Type.String({ pattern: '^[0-9a-fA-F]{40}$' }),
  timestamp: Type.String({ minLength: 1, maxLength: 20 }),
  nonce: Type.String({ minLength: 1, maxLength: 64 }),
}

/**
 * No login here, so the tenant comes from the URL (like the portal). A tenant that is unknown,
 * has no configuration, or switched this plugin (or tickets, customers it needs) off gets the
 * same 404: `publicAccess` applies the kernel's enablement (ADR 0013).
 */
async function tenantConfig(access: PublicAccess, slug: string): Promise<{ scope: TenantScope, config: WecomConfig }> {
  const { scope } = await access.tenant(slug).catch(() => { throw notFound('wecom callback') })
  const config = await loadConfig(scope)
  if (!config?.enabled) throw notFound('wecom callback')
  return { scope, config }
}

function rejected(err: unknown): unknown {
  if (!(err instanceof CryptoError)) return err
  const field = err.reason === 'signature' ? 'msg_signature' : err.reason === 'receiver' ? 'receiveid' : 'Encrypt'
  return new HttpError(401, `callback rejected: ${err.message}`, [{ in: err.reason === 'signature' ? 'query' : 'body', field, message: err.message }])
}

/** The WeCom callback URL: `GET` URL verification, `POST` encrypted messages. */
export function callbackRoutes(deps: { intake: TicketsIntake, customers: CustomersService }): FastifyPluginAsync {
  return async (app) => {
    for (const type of ['text/xml', 'application/xml'])
      app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) => done(null, body))
    const t = { tags: ['channels'] }

    app.get('/:tenantSlug', {
      schema: { ...t, summary: 'WeCom URL verification: answers the decrypted echostr', params: Params, querystring: Type.Object({ ...Signed, echostr: Type.String({ minLength: 1, maxLength: 4096 }) }) },
    }, async (request, reply) => {
      const { config } = await tenantConfig(request.publicAccess, (request.params as { tenantSlug: string }).tenantSlug)
      const q = request.query as { msg_signature: string, timestamp: string, nonce: string, echostr: string }
      try {
        const plain = open(config, { msgSignature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce }, q.echostr)
        return reply.type('text/plain; charset=utf-8').send(plain)
      }
      catch (err) { throw rejected(err) }
    })

    app.post('/:tenantSlug', {
      schema: { ...t, summary: 'WeCom encrypted message (XML with <Encrypt>): text from a customer → ticket or comment', params: Params, querystring: Type.Object(Signed) },
    }, async (request, reply) => {
      const { scope, config } = await tenantConfig(request.publicAccess, (request.params as { tenantSlug: string }).tenantSlug)
      const q = request.query as { msg_signature: string, timestamp: string, nonce: string }
      if (typeof request.body !== 'string') throw new HttpError(415, 'expected an XML body', [{ in: 'body', field: '', message: 'Content-Type must be text/xml' }])
      let envelope: Record<string, string>
      try { envelope = parseFlatXml(request.body) }
      catch (err) { throw new HttpError(400, `invalid body: ${(err as Error).message}`, [{ in: 'body', field: '/xml', message: (err as Error).message }]) }
      if (!envelope.Encrypt) throw new HttpError(400, 'invalid body: /xml/Encrypt is required', [{ in: 'body', field: '/xml/Encrypt', message: 'is required' }])
      let message: WecomMessage
      try { message = parseFlatXml(open(config, { msgSignature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce }, envelope.Encrypt)) }
      catch (err) {
        if (err instanceof CryptoError) throw rejected(err)
        throw new HttpError(400, 'invalid body: the decrypted message is not WeCom XML', [{ in: 'body', field: '/xml/Encrypt', message: 'decrypts to something that is not WeCom XML' }])
      }
      const result = await ingest(deps, scope, config.typeKey, message)
      request.log.info({ outcome: result.outcome, ticketId: result.ticketId }, 'wecom message')
      // WeCom only needs a 200 with an empty body; anything else makes it retry.
      return reply.type('text/plain; charset=utf-8').send('')
    })
  }
}
