import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PluginDefinition } from '@scrm/kernel'
import { manualClock, type ManualClock } from '@scrm/runtime'
import { startTestPlatform, type TestPlatform, type TestTenant, type TestUser } from '@scrm/server/testing'
import type { TestDatabaseKind } from '@scrm/store/testing'
import { expect } from 'vitest'

const pluginsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../plugins')
const PLUGINS = ['core', 'customers', 'tickets', 'notify', 'org', 'sla', 'routing', 'settlement', 'industry',
  'template-appliance-repair', 'template-catering-complaints', 'template-ecommerce-returns']

/** A platform boots in seconds, but CI runs many suites at once on two cores: be patient. */
export const SETUP_MS = 180_000

export interface IndustryPlatform {
  p: TestPlatform
  clock: ManualClock
  /** Fires every flow and SLA timer due by the manual clock (after advancing it by `ms`). */
  tick: (ms?: number) => Promise<number>
}

/** The real server with only the plugins the templates need (others are being written right now), on a manual clock. */
export async function startIndustryPlatform(kind: TestDatabaseKind, plugins: PluginDefinition[] = []): Promise<IndustryPlatform> {
  const root = mkdtempSync(join(tmpdir(), 'scrm-industry-root-'))
  mkdirSync(join(root, 'plugins'))
  for (const name of PLUGINS) symlinkSync(join(pluginsDir, name), join(root, 'plugins', name), 'dir')
  const clock = manualClock(new Date('2026-03-02T02:00:00Z')) // Monday 10:00 Beijing time, a workday
  const p = await startTestPlatform(kind, {
    rootDir: root,
    pluginConfig: { core: { clock }, tickets: { attachmentsDir: mkdtempSync(join(tmpdir(), 'scrm-industry-files-')) }, settlement: { limits: { timeoutMs: 2000 } } },
  }, { plugins })
  const runtime = p.kernel.service<{ workers: (db: unknown) => { timers: { drain: () => Promise<number> }, outbox: { drain: () => Promise<number> } } }>('flow.runtime')
  const tick = async (ms = 0) => {
    if (ms) clock.advance(ms)
    const w = runtime.workers(p.db.knex)
    const fired = await w.timers.drain()
    await w.outbox.drain()
    return fired
  }
  return { p, clock, tick }
}

export async function ok<T = any>(res: Promise<{ status: number, body: T }>, status = 200): Promise<T> {
  const r = await res
  expect(r.status, JSON.stringify(r.body)).toBe(status)
  return r.body
}

/** Switches the template's plugin on for the tenant and installs it. */
export async function install(t: TestTenant, id: string, body: Record<string, unknown> = {}) {
  await ok(t.api('PUT', `/api/plugins/template-${id}`, { enabled: true }))
  return ok(t.api('POST', `/api/industry-templates/${id}/install`, body), 201)
}

/** A staff member with an org profile (teams by key, skills, location, regions). */
export async function person(t: TestTenant, role: 'agent' | 'supervisor' | 'admin', profile: Record<string, unknown>): Promise<TestUser> {
  const u = await t.user(role)
  await ok(t.api('PATCH', `/api/org/users/${u.id}`, profile))
  return u
}

export async function newTicket(t: TestTenant, body: Record<string, unknown>) {
  return ok(t.api('POST', '/api/tickets', body), 201)
}

export async function openTasks(t: TestTenant, ticketId: string): Promise<any[]> {
  const ticket = await ok(t.api('GET', `/api/tickets/${ticketId}`))
  if (!ticket.flowInstanceId) return []
  return ok(t.api('GET', `/api/tasks?instanceId=${ticketId && ticket.flowInstanceId}`))
}

/** The ticket's SLA timers as the runtime stores them (flow task SLAs and the SLA plugin's clock). */
export async function pendingTimers(p: TestPlatform, tenantId: string, ticketId: string): Promise<string[]> {
  const knex = p.db.knex
  const ticket = await knex('tickets').where({ tenant_id: tenantId, id: ticketId }).first('flow_instance_id')
  const rows = await knex('timers').where({ tenant_id: tenantId }).whereNull('fired_at').whereNull('cancelled_at')
    .where(q => q.where('instance_id', ticket?.flow_instance_id ?? '00000000-0000-0000-0000-000000000000').orWhereRaw(`payload->>'ticketId' = ?`, [ticketId]))
    .select('kind')
  return rows.map((r: { kind: string }) => r.kind).sort()
}

/** Settlement lines of one ticket through the report API (the Beijing month of the clock). */
export async function linesOf(t: TestTenant, ticketId: string, period: string): Promise<any[]> {
  const body = await ok(t.api('GET', `/api/settlement/report/lines?period=${period}&limit=500`))
  const items = Array.isArray(body) ? body : body.items ?? body.lines
  return items.filter((l: { ticketId: string }) => l.ticketId === ticketId)
}
