import { resolve } from 'node:path'
import { definePlugin } from '@scrm/kernel'
import type { TicketsIntake } from '@scrm/plugin-tickets'
import { migrations } from './migrations.js'
import { importRoutes } from './routes/imports.js'
import { ImportRunner } from './runner.js'
import { ImportFiles } from './storage.js'

export { decodeText } from './decode.js'
export { checkZip } from './zip-guard.js'
export { proposeMapping, targets, type Mapping } from './mapping.js'
export type { ImportJob, JobStatus } from './jobs.js'
export type { RowError } from './rows.js'

/** Operator settings under `channel-import` in SCRM_PLUGIN_CONFIG. */
export interface ImportConfig {
  /** Where uploaded files are kept; default `$SCRM_DATA_DIR/imports`. */
  dir?: string
  /** Upload size limit; default 20 MB. */
  maxBytes?: number
  maxRows?: number
  maxColumns?: number
  /** What an XLSX may expand to; default 200 MB. */
  maxUncompressedBytes?: number
  /** Rows per transaction; default 200. */
  batchSize?: number
}

/**
 * Batch import as an intake channel: CSV/XLSX rows become tickets through `tickets.intake`
 * (channel `import`), validated like the API, deduplicated by a row key, in the background.
 */
export default definePlugin({
  name: 'channel-import',
  version: '0.1.0',
  dependsOn: ['tickets', 'customers'],
  label: { 'zh-CN': '批量导入', 'en-US': 'Batch import' },
  description: { 'zh-CN': '从 CSV / Excel 批量导入工单（试运行校验、去重、后台分批）', 'en-US': 'Tickets from CSV / Excel files (dry run, deduplication, background batches)' },
  setup({ migrations: m, channels, routes, services, config, logger }) {
    const c = config as ImportConfig
    for (const def of migrations) m.register(def)
    channels.register({
      id: 'import',
      label: { 'zh-CN': '批量导入', 'en-US': 'Import' },
      description: { 'zh-CN': 'CSV / Excel 文件批量建单', 'en-US': 'Tickets from CSV / Excel files' },
    })
    const limits = {
      maxBytes: c.maxBytes ?? 20 * 1024 * 1024,
      maxRows: c.maxRows ?? 50_000,
      maxColumns: c.maxColumns ?? 200,
      maxUncompressedBytes: c.maxUncompressedBytes ?? 200 * 1024 * 1024,
    }
    const files = new ImportFiles(c.dir ?? resolve(process.env.SCRM_DATA_DIR ?? 'data', 'imports'))
    const runner = new ImportRunner({
      intake: services.get<TicketsIntake>('tickets.intake'), files, limits, batchSize: c.batchSize ?? 200, idleMs: 2000, logger,
    })
    services.provide('channel-import.runner', runner)
    routes.register({ prefix: '/imports', plugin: importRoutes({ files, runner, limits }) })
  },
  async start({ db, service, isEnabled }) {
    const runner = service<ImportRunner>('channel-import.runner')
    await runner.start(db, tenantId => isEnabled(tenantId, 'channel-import'))
    return () => runner.stop()
  },
})
