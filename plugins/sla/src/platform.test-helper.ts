import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FlowRuntime } from '@scrm/plugin-core'
import { type Clock, manualClock } from '@scrm/runtime'
import { startTestPlatform, type TestTenant } from '@scrm/server/testing'
import type { TestDatabaseKind } from '@scrm/store/testing'
import { expect } from 'vitest'

const pluginsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** A Beijing wall time as an instant: `bj('2025-09-30 15:00')`. */
export const bj = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`)

/**
 * The real server with the plugins the SLA needs (plus org, routing when asked), a manual clock, and the
 * core timer and outbox workers driven by hand. Other plugins built in parallel stay out.
 */
export async function startSlaPlatform(kind: TestDatabaseKind, options: { plugins?: string[], start?: string, clock?: Clock, core?: Record<string, unknown> } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'scrm-sla-root-'))
  mkdirSync(join(root, 'plugins'))
  for (const name of ['core', 'customers', 'tickets', 'notify', 'sla', ...(options.plugins ?? [])])
    symlinkSync(join(pluginsDir, name), join(root, 'plugins', name), 'dir')
  const clock = manualClock(bj(options.start ?? '2025-09-30 15:00'))
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'scrm-sla-files-'))
  const p = await startTestPlatform(kind, { rootDir: root, pluginConfig: { core: { clock: options.clock ?? clock, ...options.core }, tickets: { attachmentsDir } } })
  const runtime = p.kernel.service<FlowRuntime>('flow.runtime')
  const workers = runtime.workers(p.db.knex)
  return Object.assign(p, {
    clock,
    runtime,
    workers,
    /** Moves the clock to a Beijing wall time and fires whatever is due by then. */
    async at(local: string) {
      clock.set(bj(local))
      return workers.timers.drain()
    },
    drainOutbox: () => workers.outbox.drain(),
  })
}

export type SlaPlatform = Awaited<ReturnType<typeof startSlaPlatform>>

const name = (zh: string) => ({ 'zh-CN': zh, 'en-US': zh })

/** A ticket type without a template, notifications through the log notifier, and an agent. */
export async function setupTenant(t: TestTenant) {
  expect((await t.api('POST', '/api/ticket-types', { key: 'repair', name: name('报修') })).status).toBe(201)
  const settings = { timeZone: 'Asia/Shanghai', locale: 'zh-CN', quietHours: { enabled: true, start: '22:00', end: '08:00' }, defaultChannels: ['log'] }
  expect((await t.api('PUT', '/api/notify/settings', settings)).status).toBe(200)
  const agent = await t.user('agent')
  return { agent }
}

export async function createPolicy(t: TestTenant, body: Record<string, unknown>) {
  const res = await t.api('POST', '/api/sla/policies', body)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body as { id: string, version: number }
}

export async function createTicket(t: TestTenant, over: Record<string, unknown> = {}) {
  const res = await t.api('POST', '/api/tickets', { typeKey: 'repair', title: '空调不制冷', priority: 'normal', ...over })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body as { id: string, slaState: string | null, version: number }
}

/** The SLA entries of a ticket's timeline, in order, as `kind[:target][:level]`. */
export async function slaTimeline(t: TestTenant, ticketId: string): Promise<Array<{ kind: string, data: Record<string, any> }>> {
  const res = await t.api('GET', `/api/tickets/${ticketId}/timeline`)
  expect(res.status).toBe(200)
  return (res.body.events as Array<{ kind: string, data: Record<string, any> }>).filter(e => e.kind.startsWith('sla_'))
}

export const label = (e: { kind: string, data: Record<string, any> }) =>
  [e.kind, e.data.target, e.data.level].filter(x => x !== undefined).join(':')
