import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FlowRuntime } from '@scrm/plugin-core'
import { manualClock } from '@scrm/runtime'
import { startTestPlatform, type TestTenant } from '@scrm/server/testing'
import type { TestDatabaseKind } from '@scrm/store/testing'
import nodemailer from 'nodemailer'
import type { EmailChannelService } from './index.js'

const pluginsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const PLUGINS = ['core', 'customers', 'tickets', 'notify', 'channel-email']

export interface MailboxSpec {
  address: string
  maxMessageBytes?: number
  acknowledge?: boolean
  mailReplies?: boolean
}

/**
 * The real server with only the plugins the email channel uses (plugins built beside it cannot
 * break these tests), attachments in a temporary folder, one tenant per mailbox, the SMTP
 * listeners started on ports the OS picks, and the clock at 10:00 in Beijing (no quiet hours).
 */
export async function startMailPlatform(kind: TestDatabaseKind, specs: MailboxSpec[]) {
  const root = mkdtempSync(join(tmpdir(), 'scrm-mail-root-'))
  mkdirSync(join(root, 'plugins'))
  for (const name of PLUGINS) symlinkSync(join(pluginsDir, name), join(root, 'plugins', name), 'dir')
  const attachmentsDir = join(root, 'attachments')
  const run = Date.now().toString(36)
  const slugs = specs.map((_, i) => `mail${i}-${run}`)
  const clock = manualClock('2026-12-01T02:00:00Z')
  const p = await startTestPlatform(kind, {
    rootDir: root,
    pluginConfig: {
      core: { clock },
      notify: { retryBaseMs: 1 },
      tickets: { attachmentsDir, maxAttachmentBytes: 64 * 1024 },
      'channel-email': { mailboxes: specs.map((s, i) => ({ tenant: slugs[i], port: 0, typeKey: 'email-enquiry', ...s })) },
    },
  })
  const tenants: TestTenant[] = []
  for (const slug of slugs) {
    const t = await p.tenant(slug)
    const type = await t.api('POST', '/api/ticket-types', { key: 'email-enquiry', name: { 'zh-CN': '邮件咨询', 'en-US': 'Email enquiry' } })
    if (type.status !== 201) throw new Error(JSON.stringify(type.body))
    tenants.push(t)
  }
  await p.startWorkers()
  const ports = p.kernel.service<EmailChannelService>('channel-email').listeners.map(l => l.port)
  const runtime = p.kernel.service<FlowRuntime>('flow.runtime')
  return Object.assign(p, {
    tenants,
    ports,
    attachmentsDir,
    /** Runs the core outbox worker (notification deliveries) until nothing is due. */
    drainOutbox: () => runtime.workers(p.db.knex).outbox.drain(),
    count: async (table: string, tenantId: string) => Number((await p.db.knex(table).where({ tenant_id: tenantId }).count({ n: '*' }))[0].n),
    cleanup: async () => {
      await p.close()
      rmSync(root, { recursive: true, force: true })
    },
  })
}

/** nodemailer as the sending mail server: plain SMTP to the mailbox on loopback. */
export function smtpClient(port: number) {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10_000 })
}
