import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startTestPlatform, type TestTenant } from '@scrm/server/testing'
import type { TestDatabaseKind } from '@scrm/store/testing'
import { expect } from 'vitest'

const pluginsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** The real server with the plugins settlement needs; plugins others are writing right now stay out. */
export async function startSettlementPlatform(kind: TestDatabaseKind, settlement: Record<string, unknown> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'scrm-settlement-root-'))
  mkdirSync(join(root, 'plugins'))
  for (const name of ['core', 'customers', 'tickets', 'org', 'settlement']) symlinkSync(join(pluginsDir, name), join(root, 'plugins', name), 'dir')
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'scrm-settlement-files-'))
  return startTestPlatform(kind, { rootDir: root, pluginConfig: { tickets: { attachmentsDir }, settlement: { limits: { timeoutMs: 2000 }, ...settlement } } })
}

const name = (zh: string, en = zh) => ({ 'zh-CN': zh, 'en-US': en })

/** A 上门维修 type whose template carries the numbers rules map from, and three departments. */
export async function setupTenant(t: TestTenant) {
  const schema = {
    fields: [
      { key: 'hours', type: 'number', label: name('工时', 'Hours') },
      { key: 'km', type: 'number', label: name('距离', 'Distance') },
      { key: 'level', type: 'text', label: name('问题等级', 'Level') },
      { key: 'purchaseFen', type: 'number', label: name('采购额（分）', 'Purchase (fen)') },
    ],
  }
  const tpl = await t.api('POST', '/api/ticket-templates', { key: 'visit-form', name: name('上门服务单'), schema })
  expect(tpl.status, JSON.stringify(tpl.body)).toBe(201)
  const type = await t.api('POST', '/api/ticket-types', { key: 'visit', name: name('上门维修'), templateId: tpl.body.id })
  expect(type.status, JSON.stringify(type.body)).toBe(201)
  const dept = async (key: string, zh: string) => {
    const r = await t.api('POST', '/api/org/departments', { key, name: zh })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body.id as string
  }
  return { typeId: type.body.id as string, service: await dept('service', '服务部'), logistics: await dept('logistics', '物流部'), support: await dept('support', '技术支持部') }
}

export async function createRule(t: TestTenant, body: Record<string, unknown>) {
  const r = await t.api('POST', '/api/settlement/rules', body)
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body as { id: string }
}

export async function createTicket(t: TestTenant, fields: Record<string, unknown>, priority = 'normal') {
  const r = await t.api('POST', '/api/tickets', { typeKey: 'visit', title: '空调维修', description: '上门维修空调', priority, fields })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body as { id: string, number: string }
}

export async function setStatus(t: TestTenant, id: string, status: string) {
  const r = await t.api('POST', `/api/tickets/${id}/status`, { status })
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  return r.body
}
