import multipart from '@fastify/multipart'
import { badRequest, errors, HttpError, requireRole } from '@scrm/kernel'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { RuntimePlugins } from '../runtime-plugins/manager.js'
import { readPluginTarball } from '../runtime-plugins/package.js'

/** Upload limit of a plugin tarball (gzipped), and what it may unpack to. */
export const DEFAULT_PLUGIN_UPLOAD_BYTES = 5 * 1024 * 1024
const UNPACK_FACTOR = 4
const MAX_ENTRIES = 2000

const InstalledOut = Type.Object({ name: Type.String(), packageName: Type.String(), version: Type.String() })
const TARBALL_TYPES = ['application/gzip', 'application/x-gzip', 'application/octet-stream', 'application/x-tar']

/** The tarball of a multipart upload: exactly one file part named `file`. */
async function uploadedFile(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  let found: Buffer | undefined
  for await (const part of request.parts()) {
    if (part.type === 'field') continue
    if (part.fieldname !== 'file' || found) {
      part.file.resume()
      throw badRequest(`invalid body: unexpected file part ${part.fieldname}`, [{ in: 'body', field: `/${part.fieldname}`, message: 'send one tarball in the part "file"' }])
    }
    found = await part.toBuffer()
    if (part.file.truncated) throw new HttpError(413, `invalid body: /file is larger than ${maxBytes} bytes`, [{ in: 'body', field: '/file', message: `at most ${maxBytes} bytes` }])
  }
  if (!found) throw badRequest('invalid body: /file is missing', [{ in: 'body', field: '/file', message: 'is required' }])
  return found
}

/**
 * Runtime install and uninstall of plugin packages by a tenant admin: a tarball as the raw body
 * (`npm pack` / `scrm plugin pack`) or as the multipart part `file`, or JSON `{ "package": "scrm-plugin-x" }` naming a package
 * already in the server's node_modules.
 */
export function pluginInstallRoutes(deps: { runtime: RuntimePlugins, maxUploadBytes?: number }): FastifyPluginAsync {
  const maxBytes = deps.maxUploadBytes ?? DEFAULT_PLUGIN_UPLOAD_BYTES
  return async (app) => {
    app.addContentTypeParser(TARBALL_TYPES, { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) => done(null, body))
    await app.register(multipart, { throwFileSizeLimit: false, limits: { fileSize: maxBytes, files: 2, fields: 10, parts: 12 } })

    app.get('/plugins/installed', {
      schema: { tags: ['plugins'], summary: 'Plugins this tenant installed at run time', response: { 200: Type.Array(InstalledOut) } },
    }, async request => deps.runtime.list(request.auth.tenantId))

    app.post('/plugins/install', {
      preHandler: requireRole('admin'),
      bodyLimit: maxBytes,
      schema: {
        tags: ['plugins'],
        summary: 'Install a plugin for this tenant without a restart: a tarball body (application/gzip, or multipart part "file") or { package } from node_modules',
        response: { 201: InstalledOut, ...errors(400, 403, 404, 409, 413, 415) },
      },
    }, async (request, reply) => {
      const body = request.isMultipart() ? await uploadedFile(request, maxBytes) : request.body
      const tenantId = request.auth.tenantId
      let installed
      if (Buffer.isBuffer(body)) {
        if (!body.length) throw badRequest('invalid body: empty upload', [{ in: 'body', field: 'archive', message: 'is empty' }])
        const pkg = readPluginTarball(body, { maxUnpackedBytes: maxBytes * UNPACK_FACTOR, maxEntries: MAX_ENTRIES })
        installed = await deps.runtime.installPackage(tenantId, pkg)
      }
      else {
        const name = (body as { package?: unknown } | undefined)?.package
        const keys = body && typeof body === 'object' ? Object.keys(body) : []
        if (typeof name !== 'string' || !name || keys.some(k => k !== 'package'))
          throw badRequest('invalid body: /package must name a plugin package (or upload a tarball as application/gzip)', [{ in: 'body', field: '/package', message: 'must be a package name' }])
        installed = await deps.runtime.installFromNodeModules(tenantId, name)
      }
      return reply.status(201).send(installed)
    })

    app.delete('/plugins/:name', {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['plugins'],
        summary: 'Uninstall a runtime-installed plugin for this tenant (its data stays unless purge=true)',
        params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 214 }) }),
        querystring: Type.Object({ purge: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors(400, 403, 404, 409) },
      },
    }, async (request, reply) => {
      const { name } = request.params as { name: string }
      const { purge } = request.query as { purge?: boolean }
      await deps.runtime.uninstall(request.auth.tenantId, name, !!purge)
      return reply.status(204).send()
    })
  }
}
