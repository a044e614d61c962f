import type { HttpError, Logger } from '@scrm/kernel'
import type { TicketsIntake } from '@scrm/plugin-tickets'
import { tenantScope, type TenantScope } from '@scrm/store'
import type { Knex } from 'knex'
import { MAX_KEPT_ERRORS } from './jobs.js'
import { importType } from './jobs.js'
import type { Mapping } from './mapping.js'
import { type ReadLimits, readSheet } from './read-file.js'
import { type PreparedRow, prepareRow, type RowError } from './rows.js'
import type { ImportFiles } from './storage.js'

export interface RunnerOptions {
  intake: TicketsIntake
  files: ImportFiles
  limits: ReadLimits
  /** Rows per transaction. */
  batchSize: number
  /** How long the worker sleeps when no job is queued (a new run wakes it at once). */
  idleMs: number
  logger: Logger
}

type Counts = { done: number, created: number, duplicates: number, failed: number, errors: RowError[] }

/**
 * The background worker: takes queued jobs one at a time and imports them batch by batch, each
 * batch one transaction that also moves the job's counters (progress is what has committed).
 * Between batches it gives the connection back, so on PGlite's single connection requests that
 * waited meanwhile run before the next batch. Stopped mid-job, the job resumes from `done`.
 */
export class ImportRunner {
  private db?: Knex
  private stopping = false
  private loop?: Promise<void>
  private wake?: () => void

  constructor(private readonly opts: RunnerOptions) {}

  private isEnabled: (tenantId: string) => boolean = () => true

  /** `isEnabled`: whether the tenant has this plugin on now (a tenant that switches it off stops its imports). */
  async start(db: Knex, isEnabled?: (tenantId: string) => boolean): Promise<void> {
    this.db = db
    if (isEnabled) this.isEnabled = isEnabled
    this.stopping = false
    await db('import_jobs').where({ status: 'running' }).update({ status: 'queued' })
    this.loop = this.run()
  }

  /** A job was queued: look now rather than after the idle sleep. */
  poke(): void {
    this.wake?.()
  }

  async stop(): Promise<void> {
    this.stopping = true
    this.poke()
    await this.loop
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const job = await this.claim().catch((err) => { this.opts.logger.error({ err }, 'import: claiming a job failed'); return undefined })
      if (!job) {
        await new Promise<void>((done) => {
          const timer = setTimeout(done, this.opts.idleMs)
          this.wake = () => { clearTimeout(timer); done() }
        })
        this.wake = undefined
        continue
      }
      try { await this.process(job) }
      catch (err) {
        this.opts.logger.error({ err, job: job.id }, 'import failed')
        await this.db!('import_jobs').where({ id: job.id, status: 'running' }).update({ status: 'failed', error: String((err as Error).message).slice(0, 1000), finished_at: new Date() })
        await this.opts.files.remove(job.storage_key).catch(() => {})
      }
    }
  }

  private async claim(): Promise<Record<string, any> | undefined> {
    const { rows } = await this.db!.raw(`
      update import_jobs set status = 'running', started_at = coalesce(started_at, now())
      where id = (select id from import_jobs where status = 'queued' order by created_at limit 1 for update skip locked)
      returning *`)
    return rows[0]
  }

  private async process(job: Record<string, any>): Promise<void> {
    const { logger } = this.opts
    const started = Date.now()
    const scope = tenantScope(job.tenant_id, this.db!)
    const sheet = await readSheet(`x.${job.format}`, await this.opts.files.read(job.storage_key), this.opts.limits)
    const type = await importType(scope, job.type_key)
    const ctx = { typeKey: type.key, schema: type.schema, columns: sheet.columns, mapping: job.mapping as Mapping }
    const seen = new Set<string>()
    let kept = (job.errors as RowError[]).length
    for (let at = job.done as number; at < sheet.rows.length; at += this.opts.batchSize) {
      if (this.stopping) return
      if (!this.isEnabled(job.tenant_id)) {
        await scope.table('import_jobs').where({ id: job.id, status: 'running' }).update({ status: 'cancelled', error: 'the import plugin was switched off for this tenant', finished_at: new Date() })
        await this.opts.files.remove(job.storage_key)
        return
      }
      const status = (await scope.table('import_jobs').where({ id: job.id }).first('status'))?.status
      if (status !== 'running') return
      const batch = sheet.rows.slice(at, at + this.opts.batchSize).map(r => prepareRow(ctx, r))
      const counts = await scope.transaction(s => this.importBatch(s, job, type.id, batch, seen))
      const errors = counts.errors.slice(0, Math.max(0, MAX_KEPT_ERRORS - kept))
      kept += errors.length
      await scope.table('import_jobs').where({ id: job.id }).update({
        done: this.db!.raw('done + ?', [counts.done]), created: this.db!.raw('created + ?', [counts.created]),
        duplicates: this.db!.raw('duplicates + ?', [counts.duplicates]), failed: this.db!.raw('failed + ?', [counts.failed]),
        errors: errors.length ? this.db!.raw('errors || ?::jsonb', [JSON.stringify(errors)]) : this.db!.raw('errors'),
      })
      // Let requests queued on the connection go first.
      await new Promise(r => setTimeout(r, 1))
    }
    await scope.table('import_jobs').where({ id: job.id, status: 'running' }).update({ status: 'done', finished_at: new Date() })
    // A finished job never reads its file again (cancelled ones: the cancel route removes it).
    await this.opts.files.remove(job.storage_key)
    const seconds = (Date.now() - started) / 1000
    logger.info({ job: job.id, rows: sheet.rows.length - job.done, seconds, rowsPerSecond: Math.round((sheet.rows.length - job.done) / seconds) }, 'import finished')
  }

  /** One transaction; each row in a savepoint, so a row the intake refuses leaves the others. */
  private async importBatch(s: TenantScope, job: Record<string, any>, typeId: string, batch: PreparedRow[], seen: Set<string>): Promise<Counts> {
    const c: Counts = { done: batch.length, created: 0, duplicates: 0, failed: 0, errors: [] }
    const keys = batch.flatMap(r => (r.ok ? [r.rowKey] : []))
    const existing = new Set((await s.table('import_rows').where({ type_id: typeId }).whereIn('row_key', keys).select('row_key')).map((r: { row_key: string }) => r.row_key))
    const actor = { kind: 'user' as const, id: job.created_by ?? null }
    for (const r of batch) {
      if (!r.ok) {
        c.failed++
        c.errors.push(...r.errors)
        continue
      }
      if (existing.has(r.rowKey) || seen.has(r.rowKey)) {
        c.duplicates++
        continue
      }
      seen.add(r.rowKey)
      try {
        await s.db.transaction(sp => this.opts.intake.create(tenantScope(s.tenantId, sp), r.input, {
          channel: 'import',
          actor,
          also: (rowScope, ticket) => rowScope.insert('import_rows', { type_id: typeId, row_key: r.rowKey, job_id: job.id, row_number: r.row, ticket_id: ticket.id }).then(() => undefined),
        }))
        c.created++
      }
      catch (err) {
        if ((err as { code?: string }).code === '23505') { c.duplicates++; continue }
        const status = (err as HttpError).statusCode
        if (!status || status >= 500) throw err
        c.failed++
        const detail = ((err as HttpError).details as Array<{ field?: string }> | undefined)?.[0]
        c.errors.push({ row: r.row, column: null, field: String(detail?.field ?? '').replace(/^\//, '').replace(/\//g, '.'), reason: { 'zh-CN': (err as Error).message, 'en-US': (err as Error).message } })
      }
    }
    return c
  }
}
