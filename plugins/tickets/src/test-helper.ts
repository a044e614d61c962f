import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterSalesTemplate, type TemplateSchema } from '@scrm/forms'
import { startTestPlatform, type TestPlatform, type TestTenant } from '@scrm/server/testing'
import type { TestDatabaseKind } from '@scrm/store/testing'
import { expect } from 'vitest'

export interface TicketsTestPlatform extends TestPlatform {
  attachmentsDir: string
}

/** The real platform with attachments in a temporary folder and a small upload limit. */
export async function startTickets(kind: TestDatabaseKind, config: Record<string, unknown> = {}): Promise<TicketsTestPlatform> {
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'scrm-attachments-'))
  const p = await startTestPlatform(kind, { pluginConfig: { tickets: { attachmentsDir, maxAttachmentBytes: 64 * 1024, maxFilesPerRequest: 3, publicBaseUrl: 'https://support.example.cn', ...config } } })
  return Object.assign(p, { attachmentsDir })
}

const name = (zh: string) => ({ 'zh-CN': zh, 'en-US': zh })

/** A template (published as v1) and a ticket type using it; returns their ids. */
export async function setupType(t: TestTenant, key = 'after-sales', schema: TemplateSchema = afterSalesTemplate, extra: Record<string, unknown> = {}) {
  const tpl = await t.api('POST', '/api/ticket-templates', { key: `${key}-form`, name: name('售后服务单'), schema })
  expect(tpl.status, JSON.stringify(tpl.body)).toBe(201)
  const type = await t.api('POST', '/api/ticket-types', { key, name: name('售后服务'), templateId: tpl.body.id, ...extra })
  expect(type.status, JSON.stringify(type.body)).toBe(201)
  return { templateId: tpl.body.id as string, typeId: type.body.id as string }
}

/** A valid after-sales ticket body. */
export const afterSalesTicket = (over: Record<string, unknown> = {}) => ({
  typeKey: 'after-sales',
  title: '空调不制冷',
  description: '客厅空调开机后只吹风，显示 E1 故障码',
  fields: { problemType: '售后服务', faultDescription: '开机十分钟后不制冷，外机不转', contactPhone: '138 0013 8000', address: ['广东省', '深圳市', '南山区'] },
  customer: { name: '张三', phone: '13800138000' },
  ...over,
})

/** Row counts of the tables a failed request must not touch. */
export async function counts(p: TestPlatform, tenantId: string) {
  const tables = ['tickets', 'ticket_events', 'ticket_comments', 'ticket_attachments', 'ticket_portal_tokens', 'ticket_idempotency_keys', 'customers', 'identities']
  const out: Record<string, number> = {}
  for (const table of tables) out[table] = Number((await p.db.knex(table).where({ tenant_id: tenantId }).count({ n: '*' }))[0].n)
  return out
}

export interface Part {
  name: string
  value?: string
  filename?: string
  type?: string
  content?: Buffer
}

/** A multipart/form-data body for `inject` (fetch tests use FormData). */
export function multipart(parts: Part[]) {
  const boundary = `----scrm${Math.random().toString(16).slice(2)}`
  const chunks: Buffer[] = []
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`
    const type = p.filename !== undefined ? `Content-Type: ${p.type ?? 'application/octet-stream'}\r\n` : p.type ? `Content-Type: ${p.type}\r\n` : ''
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`), p.content ?? Buffer.from(p.value ?? ''), Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** Tiny files whose first bytes are what the sniffer looks at. */
export const files = {
  png: (size = 200) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), Buffer.alloc(size - 8, 7)]),
  jpeg: () => Buffer.concat([Buffer.from([0xFF, 0xD8, 0xFF, 0xE0]), Buffer.alloc(300, 1)]),
  html: () => Buffer.from('<!DOCTYPE html><html><script>alert(document.cookie)</script></html>'),
  exe: () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0)]),
  text: () => Buffer.from('设备日志：E1 故障，压缩机过热保护\n', 'utf8'),
}

/** Files under the attachments folder (excluding the empty temp folder). */
export function storedFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name))
      else out.push(join(d, e.name))
    }
  }
  walk(dir)
  return out
}
