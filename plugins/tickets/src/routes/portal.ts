import { randomUUID } from 'node:crypto'
import { applyRules, resolveTemplate } from '@scrm/forms'
import { badRequest, conflict, errors, notFound, type PublicTenant, Uuid } from '@scrm/kernel'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { receive, registerMultipart, type ReceivedFile, type UploadLimits } from '../attachments/upload.js'
import { createTicket } from '../create.js'
import type { TicketsDeps } from '../deps.js'
import { ticketsIntake } from '../intake-service.js'
import { issueTrackingToken, ticketForToken, trackingView } from '../portal/tracking.js'
import { getVersion } from '../templates.js'
import { closed, Description, FieldValues, Key, Region, Title } from './schemas.js'

const t = { tags: ['portal'] }
const SlugParams = Type.Object({ tenantSlug: Type.String({ minLength: 1, maxLength: 64 }) }, closed)
const FormParams = Type.Object({ tenantSlug: SlugParams.properties.tenantSlug, typeKey: Key }, closed)
const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) }, closed)
const AssetRef = Type.Object({ id: Uuid, token: Type.String({ minLength: 1, maxLength: 64 }) }, closed)
const Submission = Type.Object({
  typeKey: Key,
  title: Type.Optional(Title),
  description: Type.Optional(Description),
  fields: Type.Optional(FieldValues),
  region: Type.Optional(Region),
  contact: Type.Optional(Type.Object({
    name: Type.Optional(Type.String({ maxLength: 100 })),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    email: Type.Optional(Type.String({ maxLength: 320 })),
  }, closed)),
  asset: Type.Optional(AssetRef),
}, closed)
type SubmissionBody = { typeKey: string, title?: string, description?: string, fields?: Record<string, unknown>, region?: string, contact?: { name?: string, phone?: string, email?: string }, asset?: { id: string, token: string } }

const field = (f: string, message: string) => badRequest(`invalid body: ${f} ${message}`, [{ in: 'body', field: f, message }])

function parseJson(raw: string | undefined): unknown {
  if (raw === undefined) throw field('/data', 'part with the submission JSON is required')
  try { return JSON.parse(raw) }
  catch { throw field('/data', 'is not valid JSON') }
}

/** JSON bodies and multipart `data` parts pass the same schema, with the platform's error format. */
function checkSubmission(request: FastifyRequest, data: unknown): SubmissionBody {
  const validate = request.compileValidationSchema(Submission, 'body')
  if (!validate(data)) throw Object.assign(new Error('invalid body'), { statusCode: 400, validation: validate.errors, validationContext: 'body' })
  return data as SubmissionBody
}

async function portalType(scope: Parameters<typeof getVersion>[0], typeKey: string) {
  const type = await scope.table('ticket_types as tt')
    .leftJoin('ticket_templates as tpl', function () { this.on('tpl.tenant_id', 'tt.tenant_id').andOn('tpl.id', 'tt.template_id') })
    .leftJoin('ticket_template_versions as v', function () { this.on('v.tenant_id', 'tt.tenant_id').andOn('v.template_id', 'tt.template_id').andOn('v.version', 'tpl.current_version') })
    .where({ 'tt.key': typeKey, 'tt.active': true }).first('tt.key', 'tt.name', 'v.id as version_id')
  if (!type) throw notFound('form')
  return { key: type.key as string, name: type.name as { 'zh-CN': string }, version: type.version_id ? await getVersion(scope, type.version_id) : undefined }
}

/**
 * The customer portal, without login: the form of a ticket type, submission (JSON, or multipart
 * with photos) answered with an unguessable tracking link, and the tracking page itself.
 */
export function portalRoutes(deps: TicketsDeps, limits: UploadLimits & { publicBaseUrl: string }): FastifyPluginAsync {
  return async (app) => {
    await registerMultipart(app, limits)
    app.addHook('onSend', async (_request, reply) => {
      // Tokens travel in URLs: keep them out of caches and Referer headers.
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')
    })

    app.get('/:tenantSlug/forms', {
      schema: { ...t, summary: 'The ticket types a customer can choose from (the asset QR code opens this choice)', params: SlugParams, response: { 200: Type.Unknown(), ...errors(400, 404) } },
    }, async (request) => {
      const tenant = await request.publicAccess.tenant((request.params as { tenantSlug: string }).tenantSlug)
      const types = await tenant.scope.table('ticket_types').where({ active: true }).orderBy('key').select('key', 'name')
      return { tenant: { slug: tenant.slug, name: tenant.name }, types: types.map((x: { key: string, name: unknown }) => ({ key: x.key, name: x.name })) }
    })

    app.get('/:tenantSlug/forms/:typeKey', {
      schema: {
        ...t,
        summary: 'The form to render: template (region variant applied), initial field state, and the asset when a QR code was scanned',
        params: FormParams,
        querystring: Type.Object({ region: Type.Optional(Region), asset: Type.Optional(Uuid), t: Type.Optional(Type.String({ maxLength: 64 })) }, closed),
        response: { 200: Type.Unknown(), ...errors(400, 404) },
      },
    }, async (request) => {
      const { tenantSlug, typeKey } = request.params as { tenantSlug: string, typeKey: string }
      const q = request.query as { region?: string, asset?: string, t?: string }
      const tenant = await request.publicAccess.tenant(tenantSlug)
      const type = await portalType(tenant.scope, typeKey)
      let asset = null
      if (q.asset) {
        const found = await deps.customers.verifyAssetToken(tenant.scope, q.asset, q.t ?? '')
        if (!found) throw badRequest('invalid querystring: /t is not a valid code for this asset', [{ in: 'querystring', field: '/t', message: 'scan the QR code again' }])
        asset = { id: found.asset.id, serial: found.asset.serial, model: found.asset.model, name: found.asset.name }
      }
      const form = type.version ? resolveTemplate(type.version.schema, q.region) : { fields: [], rules: [] }
      return {
        tenant: { slug: tenant.slug, name: tenant.name },
        type: { key: type.key, name: type.name },
        template: type.version ? { version: type.version.version, form, state: applyRules(type.version.schema, {}, { region: q.region }) } : null,
        asset,
      }
    })

    app.post('/:tenantSlug/tickets', {
      schema: {
        ...t,
        summary: 'Submit a ticket (JSON, or multipart: a `data` JSON part plus photos under `photos` or an attachment field\'s key)',
        params: SlugParams,
        // No `body` schema: a multipart body has none to validate; both forms go through checkSubmission.
        consumes: ['application/json', 'multipart/form-data'],
        response: { 201: Type.Object({ number: Type.String(), trackingUrl: Type.String(), trackingToken: Type.String() }), ...errors(400, 404, 413, 415) },
      },
    }, async (request, reply) => {
      const tenant = await request.publicAccess.tenant((request.params as { tenantSlug: string }).tenantSlug)
      let files: ReceivedFile[] = []
      let body: SubmissionBody
      if (request.isMultipart()) {
        const received = await receive(request, deps.files, tenant.id, { fileFields: undefined, maxFiles: limits.maxFiles })
        files = received.files
        try { body = checkSubmission(request, parseJson(received.fields.data)) }
        catch (err) { await deps.files.remove(files.map(f => f.storageKey)); throw err }
      }
      else {
        body = checkSubmission(request, request.body)
      }
      try {
        return reply.status(201).send(await submit(deps, tenant, body, files, limits.publicBaseUrl))
      }
      catch (err) {
        await deps.files.remove(files.map(f => f.storageKey))
        throw err
      }
    })

    app.get('/track/:token', {
      schema: { ...t, summary: 'Tracking page: status steps, expected resolution, public comments and events (no internal data)', params: TokenParams, response: { 200: Type.Unknown(), ...errors(404) } },
    }, async request => trackingView(request.publicAccess, (request.params as { token: string }).token))

    app.post('/track/:token/comments', {
      schema: {
        ...t,
        summary: 'The customer replies from the tracking page: a public comment on the ticket (not on a closed one)',
        params: TokenParams,
        body: Type.Object({ body: Type.String({ minLength: 1, maxLength: 5000 }) }, closed),
        response: { 201: Type.Object({ id: Type.String() }), ...errors(400, 404, 409) },
      },
    }, async (request, reply) => {
      const { scope, ticket } = await ticketForToken(request.publicAccess, (request.params as { token: string }).token)
      const body = (request.body as { body: string }).body.trim()
      if (!body) throw field('/body', 'must not be blank')
      if (ticket.statusCategory === 'closed') throw conflict('ticket is closed: submit a new request', [{ in: 'body', field: '/body', message: 'the ticket is closed' }])
      const { id } = await ticketsIntake(deps).addComment(scope, ticket.id, { body, visibility: 'public', actor: { kind: 'customer' }, channel: 'portal' })
      return reply.status(201).send({ id })
    })
  }
}

async function submit(deps: TicketsDeps, tenant: PublicTenant, body: SubmissionBody, files: ReceivedFile[], publicBaseUrl: string) {
  const type = await portalType(tenant.scope, body.typeKey)
  const attachmentKeys = new Set((type.version ? resolveTemplate(type.version.schema, body.region).fields : []).filter(f => f.type === 'attachment').map(f => f.key))
  const uploads = files.map(f => ({ ...f, id: randomUUID() }))
  const fields: Record<string, unknown> = { ...body.fields }
  for (const u of uploads) {
    const part = u.field.split('/')[1]
    if (attachmentKeys.has(part)) fields[part] = [...((fields[part] as string[] | undefined) ?? []), u.id]
    else if (part !== 'photos') throw field(`/${part}`, `is not a file field: use photos${attachmentKeys.size ? ` or ${[...attachmentKeys].join(', ')}` : ''}`)
  }
  let customerId: string | undefined
  if (body.asset) {
    const found = await deps.customers.verifyAssetToken(tenant.scope, body.asset.id, body.asset.token)
    if (!found) throw field('/asset/token', 'is not a valid code for this asset: scan the QR code again')
    customerId = found.customer?.id
  }
  const contact = body.contact
  if (!customerId && !contact?.phone && !contact?.email) throw field('/contact/phone', 'phone or email is required so we can reach you')
  let token = ''
  const created = await createTicket(deps, tenant.scope, {
    typeKey: body.typeKey,
    title: body.title ?? `${type.name['zh-CN']}${contact?.name ? ` - ${contact.name}` : ''}`,
    description: body.description,
    fields,
    region: body.region,
    // A scanned asset names its owner, who becomes the customer; whoever filed it is noted for the agent.
    ...(customerId ? { customerId } : { customer: contact }),
    assetId: body.asset?.id,
    uploads,
  }, {
    channel: 'portal',
    actor: { kind: 'customer', name: contact?.name },
    also: async (s, ticket) => { token = await issueTrackingToken(s, ticket.id) },
    comment: customerId && contact ? { body: `报修联系人 / reported by: ${[contact.name, contact.phone, contact.email].filter(Boolean).join(' ')}`, visibility: 'internal', authorName: contact.name } : undefined,
  })
  const base = publicBaseUrl.replace(/\/+$/, '')
  return { number: created.ticket.number, trackingUrl: `${base}/portal/track/${token}`, trackingToken: token }
}
