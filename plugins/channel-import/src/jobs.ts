import type { TemplateSchema } from '@scrm/forms'
import { badRequest, notFound } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { Mapping } from './mapping.js'
import type { RowError } from './rows.js'

export const JOB_STATUSES = ['uploaded', 'queued', 'running', 'done', 'cancelled', 'failed'] as const
export type JobStatus = typeof JOB_STATUSES[number]

/** At most this many failed rows are kept on the job; `failed` counts them all. */
export const MAX_KEPT_ERRORS = 1000

export interface ImportJob {
  id: string
  typeKey: string
  filename: string
  format: string
  size: number
  columns: string[]
  mapping: Mapping | null
  status: JobStatus
  total: number
  done: number
  created: number
  duplicates: number
  failed: number
  errors: RowError[]
  error: string | null
  createdBy: string | null
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null)

export function toJob(r: Record<string, any>): ImportJob {
  return {
    id: r.id, typeKey: r.type_key, filename: r.filename, format: r.format, size: r.size, columns: r.columns, mapping: r.mapping ?? null,
    status: r.status, total: r.total, done: r.done, created: r.created, duplicates: r.duplicates, failed: r.failed, errors: r.errors,
    error: r.error ?? null, createdBy: r.created_by ?? null, createdAt: iso(r.created_at)!, startedAt: iso(r.started_at), finishedAt: iso(r.finished_at),
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A job of the caller's tenant; another tenant's id is as unknown as a made-up one. */
export async function findJobRow(scope: TenantScope, id: string): Promise<Record<string, any>> {
  const row = UUID.test(id) ? await scope.table('import_jobs').where({ id }).first() : undefined
  if (!row) throw notFound('import')
  return row
}

export interface ImportType {
  id: string
  key: string
  versionId: string | null
  schema: TemplateSchema | undefined
}

/** An active ticket type and the template version tickets of it are validated against now. */
export async function importType(scope: TenantScope, key: string, field = '/typeKey'): Promise<ImportType> {
  const row = await scope.table('ticket_types as tt')
    .leftJoin('ticket_templates as tpl', function () { this.on('tpl.tenant_id', 'tt.tenant_id').andOn('tpl.id', 'tt.template_id') })
    .leftJoin('ticket_template_versions as v', function () {
      this.on('v.tenant_id', 'tt.tenant_id').andOn('v.template_id', 'tt.template_id').andOn('v.version', 'tpl.current_version')
    })
    .where({ 'tt.key': key, 'tt.active': true })
    .first('tt.id', 'tt.key', 'v.id as version_id', 'v.schema')
  if (!row) throw badRequest(`invalid request: ${field} is not an active ticket type: ${key}`, [{ in: field === '/typeKey' ? 'querystring' : 'body', field, message: `is not an active ticket type: ${key}` }])
  return { id: row.id, key: row.key, versionId: row.version_id ?? null, schema: row.schema ?? undefined }
}
