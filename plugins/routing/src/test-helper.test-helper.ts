import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PluginDefinition } from '@scrm/kernel'
import { startTestPlatform, type TestPlatform, type TestTenant, type TestUser } from '@scrm/server/testing'
import { tenantScope } from '@scrm/store'
import type { TestDatabaseKind } from '@scrm/store/testing'
import { expect } from 'vitest'
import type { RoutingService } from './service.js'

const pluginsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const PLUGINS = ['core', 'customers', 'tickets', 'notify', 'org', 'routing']

/** The real platform with only what routing needs (others are built in parallel in this tree). */
export async function startRouting(kind: TestDatabaseKind, routing: Record<string, unknown> = {}, plugins: PluginDefinition[] = []) {
  const root = mkdtempSync(join(tmpdir(), 'scrm-routing-root-'))
  mkdirSync(join(root, 'plugins'))
  for (const name of PLUGINS) symlinkSync(join(pluginsDir, name), join(root, 'plugins', name), 'dir')
  const p: TestPlatform = await startTestPlatform(kind, { rootDir: root, pluginConfig: { routing: { experienceTtlMs: 0, ...routing } } }, { plugins })
  return Object.assign(p, {
    routing: p.kernel.service<RoutingService>('routing'),
    scope: (tenantId: string) => tenantScope(tenantId, p.db.knex),
  })
}
export type RoutingPlatform = Awaited<ReturnType<typeof startRouting>>

export async function ok<T = any>(res: Promise<{ status: number, body: any }>, status = 200): Promise<T> {
  const r = await res
  expect(r.status, JSON.stringify(r.body)).toBe(status)
  return r.body
}

const label = (zh: string) => ({ 'zh-CN': zh, 'en-US': zh })

export interface Shop {
  t: TestTenant
  sup: TestUser
  agents: TestUser[]
}

/**
 * A tenant with a supervisor, `n` agents (sorted by id, so tie-breaks are predictable) in team
 * `a` supervised by her, and a ticket type `repair` (no flow) whose template has a location field.
 */
export async function shop(p: RoutingPlatform, n = 3): Promise<Shop> {
  const t = await p.tenant()
  const sup = await t.user('supervisor', 'sup')
  const agents: TestUser[] = []
  for (let i = 0; i < n; i++) agents.push(await t.user('agent'))
  agents.sort((x, y) => (x.id < y.id ? -1 : 1))
  const tpl = await ok(t.api('POST', '/api/ticket-templates', { key: 'repair-form', name: label('报修单'), schema: { fields: [{ key: 'site', type: 'location', label: label('位置') }] } }), 201)
  await ok(t.api('POST', '/api/ticket-types', { key: 'repair', name: label('报修'), templateId: tpl.id }), 201)
  await ok(t.api('POST', '/api/org/teams', { key: 'a', name: 'A组', supervisorId: sup.id }), 201)
  await ok(t.api('PUT', `/api/org/teams/${(await ok(t.api('GET', '/api/org/teams')))[0].id}/members`, { userIds: agents.map(a => a.id) }))
  return { t, sup, agents }
}

export const ticket = (t: TestTenant, over: Record<string, unknown> = {}) =>
  ok(t.api('POST', '/api/tickets', { typeKey: 'repair', title: '空调不制冷', description: '开机后只吹风', ...over }), 201)

export async function addRule(t: TestTenant, body: Record<string, unknown>) {
  return ok(t.api('POST', '/api/routing/rules', { name: 'rule', pool: { team: 'a' }, strategy: 'least-load', ...body }), 201)
}

/** The newest `routed` timeline entry of a ticket. */
export async function routed(t: TestTenant, ticketId: string) {
  const tl = await ok(t.api('GET', `/api/tickets/${ticketId}/timeline`))
  const events = tl.events.filter((e: any) => e.kind === 'routed')
  expect(events.length, JSON.stringify(tl.events)).toBeGreaterThan(0)
  return events[events.length - 1].data
}
