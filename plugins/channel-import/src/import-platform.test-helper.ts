import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TemplateSchema } from '@scrm/forms'
import { startTestPlatform, type TestPlatform, type TestTenant } from '@scrm/server/testing'
import type { TestDatabaseKind } from '@scrm/store/testing'
import { expect } from 'vitest'
import type { ImportConfig } from './index.js'

const pluginsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const both = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })

/** The form imported rows are checked against: a required phone, a select, a number, a money field. */
export const repairSchema: TemplateSchema = {
  fields: [
    { key: 'contactPhone', type: 'phone', label: both('联系电话', 'Contact phone'), required: true },
    { key: 'product', type: 'select', label: both('产品', 'Product'), required: true, options: [{ value: 'ac', label: both('空调', 'Air conditioner') }, { value: 'fridge', label: both('冰箱', 'Fridge') }] },
    { key: 'quantity', type: 'number', label: both('数量', 'Quantity'), min: 1, max: 100 },
    { key: 'fee', type: 'money', label: both('费用', 'Fee') },
  ],
}

export interface ImportPlatform {
  p: TestPlatform
  /** Where uploaded files are kept. */
  dir: string
  close: () => Promise<void>
}

/**
 * The real platform with only the plugins an import needs (core, customers, tickets and this
 * one), uploads in a temporary folder, workers running.
 */
export async function startImportPlatform(kind: TestDatabaseKind, config: ImportConfig = {}): Promise<ImportPlatform> {
  const root = mkdtempSync(join(tmpdir(), 'scrm-import-root-'))
  mkdirSync(join(root, 'plugins'))
  for (const name of ['core', 'customers', 'tickets', 'channel-import']) symlinkSync(join(pluginsDir, name), join(root, 'plugins', name), 'dir')
  const dir = mkdtempSync(join(tmpdir(), 'scrm-imports-'))
  const p = await startTestPlatform(kind, { rootDir: root, pluginConfig: { 'channel-import': { dir, ...config } } })
  await p.startWorkers()
  return {
    p,
    dir,
    close: async () => {
      await p.close()
      rmSync(root, { recursive: true, force: true })
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A template with `repairSchema` and the ticket type `repair` using it (no flow). */
export async function setupRepairType(t: TestTenant, key = 'repair'): Promise<void> {
  const tpl = await t.api('POST', '/api/ticket-templates', { key: `${key}-form`, name: both('报修单', 'Repair form'), schema: repairSchema })
  expect(tpl.status, JSON.stringify(tpl.body)).toBe(201)
  const type = await t.api('POST', '/api/ticket-types', { key, name: both('报修', 'Repair'), templateId: tpl.body.id })
  expect(type.status, JSON.stringify(type.body)).toBe(201)
}

export function upload(t: TestTenant, filename: string, content: Buffer, typeKey = 'repair', contentType = 'application/octet-stream') {
  return t.api('POST', `/api/imports?typeKey=${encodeURIComponent(typeKey)}&filename=${encodeURIComponent(filename)}`, undefined, {
    payload: content, headers: { 'authorization': `Bearer ${t.token}`, 'content-type': contentType },
  })
}

export async function count(p: TestPlatform, table: string, tenantId: string): Promise<number> {
  return Number((await p.db.knex(table).where({ tenant_id: tenantId }).count({ n: '*' }))[0].n)
}

/** Polls the job until it stops running; returns every distinct `done` value seen and the slowest poll. */
export async function waitForJob(t: TestTenant, id: string, timeoutMs = 60_000): Promise<{ job: any, progress: number[], slowestPollMs: number }> {
  const progress: number[] = []
  const until = Date.now() + timeoutMs
  let slowestPollMs = 0
  for (;;) {
    const t0 = Date.now()
    const res = await t.api('GET', `/api/imports/${id}`)
    slowestPollMs = Math.max(slowestPollMs, Date.now() - t0)
    expect(res.status).toBe(200)
    if (progress.at(-1) !== res.body.done) progress.push(res.body.done)
    if (!['queued', 'running'].includes(res.body.status)) return { job: res.body, progress, slowestPollMs }
    if (Date.now() > until) throw new Error(`import ${id} still ${res.body.status} after ${timeoutMs} ms (done ${res.body.done}/${res.body.total})`)
    await new Promise(r => setTimeout(r, 50))
  }
}

/** A CSV text from rows of cells (quotes where needed). */
export function csv(rows: string[][]): string {
  return rows.map(r => r.map(c => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n'
}
