import { zone } from '@scrm/calendar'
import { badRequest, errors, I18nTextSchema, notFound, Uuid } from '@scrm/kernel'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { validQuietHours } from '../quiet-hours.js'
import { deleteTemplate, getPreferences, getSettings, listTemplates, type NotifySettings, putPreferences, putSettings, putTemplate } from '../settings.js'
import { BUILT_IN_TEMPLATES } from '../templates.js'
import { renderSubject, renderTemplate } from '../template.js'
import { adminOnly, closed, managers, staff } from './common.js'

const tags = ['notify']
const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en-US')])
const HM = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })
const Settings = Type.Object({
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  locale: Locale,
  quietHours: Type.Object({ enabled: Type.Boolean(), start: HM, end: HM }, closed),
  defaultChannels: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 10 }),
}, closed)
const EventKey = '^(\\*|[a-z][a-zA-Z0-9_.-]{0,99})$'
const Prefs = Type.Record(Type.String({ pattern: EventKey }), Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 10 }))
const PrefsBody = Type.Object({ preferences: Prefs }, closed)
const TemplateBody = Type.Object({ subject: I18nTextSchema, body: I18nTextSchema }, closed)
const TemplateKey = Type.Object({ key: Type.String({ pattern: '^[a-z][a-zA-Z0-9_.-]{0,99}$' }) })
const Preview = Type.Object({
  template: Type.Optional(Type.String({ maxLength: 100 })),
  subject: Type.Optional(Type.String({ maxLength: 1000 })),
  body: Type.Optional(Type.String({ maxLength: 10_000 })),
  variables: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  locale: Locale,
  format: Type.Union([Type.Literal('text'), Type.Literal('markdown'), Type.Literal('html')]),
}, closed)

/** Tenant settings (quiet hours, zone, language), users' preferences and message templates. */
export const settingsRoutes: FastifyPluginAsync = async (app) => {
  app.get('/settings', { preHandler: managers, schema: { tags, summary: 'Notification settings', response: { 200: Settings, ...errors(403) } } },
    async request => getSettings(request.scope))

  app.put('/settings', { preHandler: adminOnly, schema: { tags, summary: 'Change notification settings', body: Settings, response: { 200: Settings, ...errors(400, 403) } } },
    async (request) => {
      const s = request.body as NotifySettings
      try { zone(s.timeZone) }
      catch (err) { throw badRequest((err as Error).message, [{ in: 'body', field: '/timeZone', message: 'unknown time zone' }]) }
      const bad = validQuietHours(s.quietHours)
      if (bad) throw badRequest(bad)
      return putSettings(request.scope, s)
    })

  app.get('/preferences', { preHandler: staff, schema: { tags, summary: 'My channels per event kind (`*` = every other event)', response: { 200: PrefsBody } } },
    async request => ({ preferences: await getPreferences(request.scope, request.auth.userId) }))

  app.put('/preferences', { preHandler: staff, schema: { tags, summary: 'Replace my channel preferences', body: PrefsBody, response: { 200: PrefsBody, ...errors(400) } } },
    async request => ({ preferences: await putPreferences(request.scope, request.auth.userId, (request.body as { preferences: Record<string, string[]> }).preferences) }))

  const userParams = Type.Object({ userId: Uuid })
  const userExists = async (request: { scope: any, params: unknown }) => {
    const { userId } = request.params as { userId: string }
    if (!await request.scope.table('users').where({ id: userId }).first()) throw notFound('user')
    return userId
  }
  app.get('/preferences/:userId', { preHandler: adminOnly, schema: { tags, summary: 'A user\'s channel preferences', params: userParams, response: { 200: PrefsBody, ...errors(403, 404) } } },
    async request => ({ preferences: await getPreferences(request.scope, await userExists(request)) }))

  app.put('/preferences/:userId', { preHandler: adminOnly, schema: { tags, summary: 'Replace a user\'s channel preferences', params: userParams, body: PrefsBody, response: { 200: PrefsBody, ...errors(400, 403, 404) } } },
    async request => ({ preferences: await putPreferences(request.scope, await userExists(request), (request.body as { preferences: Record<string, string[]> }).preferences) }))

  app.get('/templates', { preHandler: staff, schema: { tags, summary: 'Message templates: built-in and the tenant\'s own', response: { 200: Type.Array(Type.Object({ key: Type.String(), custom: Type.Boolean(), label: Type.Unknown(), subject: I18nTextSchema, body: I18nTextSchema })) } } },
    async request => listTemplates(request.scope))

  app.put('/templates/:key', { preHandler: adminOnly, schema: { tags, summary: 'Override or add a template', params: TemplateKey, body: TemplateBody, response: { 204: Type.Null(), ...errors(400, 403) } } },
    async (request, reply) => {
      await putTemplate(request.scope, (request.params as { key: string }).key, request.body as { subject: any, body: any })
      return reply.code(204).send()
    })

  app.delete('/templates/:key', { preHandler: adminOnly, schema: { tags, summary: 'Back to the built-in text', params: TemplateKey, response: { 204: Type.Null(), ...errors(403, 404) } } },
    async (request, reply) => {
      if (!await deleteTemplate(request.scope, (request.params as { key: string }).key)) throw notFound('custom template')
      return reply.code(204).send()
    })

  app.post('/preview', { preHandler: staff, schema: { tags, summary: 'Render a template with sample variables', body: Preview, response: { 200: Type.Object({ subject: Type.String(), body: Type.String() }), ...errors(400, 404) } } },
    async (request) => {
      const b = request.body as { template?: string, subject?: string, body?: string, variables?: Record<string, unknown>, locale: 'zh-CN' | 'en-US', format: 'text' | 'markdown' | 'html' }
      const { timeZone } = await getSettings(request.scope)
      let subject = b.subject ?? ''
      let body = b.body
      if (body === undefined) {
        const tpl = (await listTemplates(request.scope)).find(t => t.key === b.template) ?? (b.template ? undefined : BUILT_IN_TEMPLATES['sla.warning'])
        if (!tpl) throw notFound('template')
        subject = tpl.subject[b.locale]
        body = tpl.body[b.locale]
      }
      const opts = { locale: b.locale, timeZone }
      return { subject: renderSubject(subject, b.variables ?? {}, opts), body: renderTemplate(body, b.variables ?? {}, { ...opts, format: b.format }) }
    })
}
