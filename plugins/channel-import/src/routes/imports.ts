import { randomUUID } from 'node:crypto'
import { badRequest, conflict, errors, HttpError, IdParams, requireRole } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import { findJobRow, importType, MAX_KEPT_ERRORS, toJob } from '../jobs.js'
import { checkMapping, type Mapping, proposeMapping, targets } from '../mapping.js'
import { FileRejected, type ReadLimits, readSheet, type Sheet } from '../read-file.js'
import { prepareRow, type RowError } from '../rows.js'
import type { ImportRunner } from '../runner.js'
import type { ImportFiles } from '../storage.js'

export interface ImportRouteDeps {
  files: ImportFiles
  runner: ImportRunner
  limits: ReadLimits & { maxBytes: number }
}

const UPLOAD_TYPES = ['application/octet-stream', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel']
const MappingBody = Type.Object({
  mapping: Type.Record(Type.String({ maxLength: 200 }), Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
}, { additionalProperties: false })

const rejected = (err: unknown) => (err instanceof FileRejected ? new HttpError(err.status, `invalid file: ${err.message}`, [{ in: 'body', field: '/file', message: err.message }]) : err)

/**
 * `/api/imports`: upload a CSV/XLSX as the raw request body (one file, no multipart framing),
 * check a mapping against every row without writing (dry run), run it in the background, follow
 * its progress, cancel it. Supervisors and admins: an import creates tickets in bulk.
 */
export function importRoutes(deps: ImportRouteDeps): FastifyPluginAsync {
  return async (app) => {
    app.addHook('preHandler', requireRole('admin', 'supervisor'))
    for (const type of UPLOAD_TYPES)
      app.addContentTypeParser(type, (_req, payload, done) => { readLimited(payload, deps.limits.maxBytes).then(b => done(null, b), done) })
    const t = { tags: ['imports'] }

    async function sheetOf(scope: TenantScope, row: Record<string, any>): Promise<Sheet> {
      return readSheet(`x.${row.format}`, await deps.files.read(row.storage_key), deps.limits).catch((err) => { throw rejected(err) })
    }

    app.post('/', {
      schema: {
        ...t,
        summary: 'Upload a CSV (UTF-8 or GBK) or XLSX as the request body: an import job with its columns and a proposed mapping',
        querystring: Type.Object({ typeKey: Type.String({ minLength: 1, maxLength: 64 }), filename: Type.String({ minLength: 1, maxLength: 255 }) }, { additionalProperties: false }),
        response: errors(400, 403, 413, 415),
      },
    }, async (request, reply) => {
      const { typeKey, filename } = request.query as { typeKey: string, filename: string }
      if (!Buffer.isBuffer(request.body) || !request.body.length)
        throw new HttpError(415, 'expected the file as the request body (Content-Type text/csv, application/octet-stream or the XLSX type)', [{ in: 'body', field: '/file', message: 'is missing' }])
      const type = await importType(request.scope, typeKey)
      const sheet = await readSheet(filename, request.body, deps.limits).catch((err) => { throw rejected(err) })
      const dup = sheet.columns.find((c, i) => c && sheet.columns.indexOf(c) !== i)
      if (dup) throw badRequest(`invalid file: the column "${dup}" appears twice`, [{ in: 'body', field: '/file', message: `column "${dup}" appears twice in the header row` }])
      const id = randomUUID()
      const key = await deps.files.save(request.scope.tenantId, id, sheet.format, request.body)
      try {
        await request.scope.insert('import_jobs', {
          id, type_id: type.id, type_key: type.key, template_version_id: type.versionId, filename: filename.replace(/[\x00-\x1F\x7F]/g, '').split(/[\\/]/).pop()!.slice(0, 255) || 'file',
          format: sheet.format, storage_key: key, size: request.body.length, columns: JSON.stringify(sheet.columns), total: sheet.rows.length, created_by: request.auth.userId,
        })
      }
      catch (err) {
        await deps.files.remove(key)
        throw err
      }
      const job = toJob(await findJobRow(request.scope, id))
      return reply.status(201).send({
        job, encoding: sheet.encoding ?? null, mapping: proposeMapping(sheet.columns, type.schema), targets: targets(type.schema),
        preview: sheet.rows.slice(0, 5),
      })
    })

    app.get('/', { schema: { ...t, summary: 'Import history, newest first (the last 100)', response: errors(403) } }, async (request) => {
      const rows = await request.scope.table('import_jobs').orderBy('created_at', 'desc').limit(100)
      return { items: rows.map((r: Record<string, any>) => ({ ...toJob(r), errors: undefined, columns: undefined })) }
    })

    app.get('/:id', { schema: { ...t, summary: 'An import: status and progress (rows done / total / failed) and the failed rows', params: IdParams, response: errors(404) } }, async request =>
      toJob(await findJobRow(request.scope, (request.params as { id: string }).id)))

    app.get('/:id/mapping', { schema: { ...t, summary: 'The targets a column may map to and the proposed mapping', params: IdParams, response: errors(404) } }, async (request) => {
      const row = await findJobRow(request.scope, (request.params as { id: string }).id)
      const type = await importType(request.scope, row.type_key)
      return { mapping: row.mapping ?? proposeMapping(row.columns, type.schema), targets: targets(type.schema) }
    })

    app.post('/:id/dry-run', {
      schema: { ...t, summary: 'Check every row against the template with this mapping; writes nothing', params: IdParams, body: MappingBody, response: errors(400, 404, 409) },
    }, async (request) => {
      const row = await findJobRow(request.scope, (request.params as { id: string }).id)
      const { mapping } = request.body as { mapping: Mapping }
      const { sheet, type } = await checked(request.scope, row, mapping)
      const ctx = { typeKey: type.key, schema: type.schema, columns: sheet.columns, mapping }
      const rowErrors: RowError[] = []
      let failed = 0
      const keys: string[] = []
      for (const r of sheet.rows) {
        const p = prepareRow(ctx, r)
        if (p.ok) keys.push(p.rowKey)
        else {
          failed++
          if (rowErrors.length < MAX_KEPT_ERRORS) rowErrors.push(...p.errors)
        }
      }
      const duplicates = keys.length - new Set(keys).size + await alreadyImported(request.scope, type.id, [...new Set(keys)])
      return { total: sheet.rows.length, valid: sheet.rows.length - failed, failed, duplicates, errors: rowErrors.slice(0, MAX_KEPT_ERRORS) }
    })

    app.post('/:id/run', {
      schema: { ...t, summary: 'Start the import with this mapping in the background (bad rows are skipped and listed)', params: IdParams, body: MappingBody, response: errors(400, 404, 409) },
    }, async (request, reply) => {
      const row = await findJobRow(request.scope, (request.params as { id: string }).id)
      const { mapping } = request.body as { mapping: Mapping }
      const { type } = await checked(request.scope, row, mapping)
      const n = await request.scope.table('import_jobs').where({ id: row.id, status: 'uploaded' })
        .update({ status: 'queued', mapping: JSON.stringify(mapping), template_version_id: type.versionId })
      if (!n) throw conflict(`this import is ${row.status}: it runs once`, [{ in: 'path', field: 'id', message: `status is ${row.status}` }])
      deps.runner.poke()
      return reply.status(202).send(toJob(await findJobRow(request.scope, row.id)))
    })

    app.post('/:id/cancel', {
      schema: { ...t, summary: 'Cancel an import that has not finished: rows already imported stay', params: IdParams, response: errors(404, 409) },
    }, async (request) => {
      const row = await findJobRow(request.scope, (request.params as { id: string }).id)
      const n = await request.scope.table('import_jobs').whereIn('status', ['uploaded', 'queued', 'running']).where({ id: row.id })
        .update({ status: 'cancelled', finished_at: new Date() })
      if (!n) throw conflict(`this import is ${row.status} already`, [{ in: 'path', field: 'id', message: `status is ${row.status}` }])
      // A running batch has the rows in memory already; nothing reads the file after a cancel.
      await deps.files.remove(row.storage_key)
      return toJob(await findJobRow(request.scope, row.id))
    })

    async function checked(scope: TenantScope, row: Record<string, any>, mapping: Mapping) {
      if (row.status !== 'uploaded') throw conflict(`this import is ${row.status}`, [{ in: 'path', field: 'id', message: `status is ${row.status}` }])
      const type = await importType(scope, row.type_key, '/typeKey')
      const problems = checkMapping(mapping, row.columns, type.schema)
      if (problems.length) throw badRequest(`invalid body: ${problems[0].field} ${problems[0].message}`, problems.map(p => ({ in: 'body', ...p })))
      return { sheet: await sheetOf(scope, row), type }
    }
  }
}

/** The body up to `max` bytes; beyond, a 413 naming the file (fastify's own limit error has no details). */
async function readLimited(payload: AsyncIterable<Buffer>, max: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of payload) {
    size += chunk.length
    if (size > max) throw new HttpError(413, `invalid file: larger than ${max} bytes`, [{ in: 'body', field: '/file', message: `is larger than ${max} bytes` }])
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

async function alreadyImported(scope: TenantScope, typeId: string, keys: string[]): Promise<number> {
  let n = 0
  for (let i = 0; i < keys.length; i += 1000) {
    const [{ count }] = await scope.table('import_rows').where({ type_id: typeId }).whereIn('row_key', keys.slice(i, i + 1000)).count({ count: '*' })
    n += Number(count)
  }
  return n
}
