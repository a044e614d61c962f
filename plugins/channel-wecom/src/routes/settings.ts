import { badRequest, errors, requireRole } from '@scrm/kernel'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { loadConfig, publicView, saveConfig, type WecomConfig } from '../config.js'

const ConfigOut = Type.Object({
  corpId: Type.Union([Type.String(), Type.Null()]),
  typeKey: Type.Union([Type.String(), Type.Null()]),
  enabled: Type.Boolean(),
  secretsSet: Type.Array(Type.String()),
})

/** `GET/PUT /api/channels/wecom/config` (admin): the tenant's callback settings. */
export const settingsRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('preHandler', requireRole('admin'))
  const t = { tags: ['channels'] }
  app.get('/config', { schema: { ...t, summary: 'WeCom callback settings (token and EncodingAESKey are write-only)', response: { 200: ConfigOut } } }, async request =>
    publicView(await loadConfig(request.scope)))
  app.put('/config', {
    schema: {
      ...t,
      summary: 'Set the WeCom callback settings: token, EncodingAESKey, corp id, ticket type of new tickets',
      body: Type.Object({
        token: Type.String({ pattern: '^[A-Za-z0-9]{1,32}$' }),
        encodingAesKey: Type.String({ pattern: '^[A-Za-z0-9]{43}$' }),
        corpId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7E]+$' }),
        typeKey: Type.String({ minLength: 1, maxLength: 64 }),
        enabled: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 200: ConfigOut, ...errors(400, 403) },
    },
  }, async (request) => {
    const body = request.body as Omit<WecomConfig, 'enabled'> & { enabled?: boolean }
    // Caught here rather than on the first customer message, which WeCom would retry and drop.
    const type = await request.scope.table('ticket_types').where({ key: body.typeKey, active: true }).first('id')
    if (!type) throw badRequest(`invalid body: /typeKey is not an active ticket type: ${body.typeKey}`, [{ in: 'body', field: '/typeKey', message: 'is not an active ticket type' }])
    const config = { ...body, enabled: body.enabled ?? true }
    await saveConfig(request.scope, config)
    return publicView(config)
  })
}
