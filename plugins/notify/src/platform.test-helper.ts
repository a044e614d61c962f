import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FlowRuntime } from '@scrm/plugin-core'
import { manualClock } from '@scrm/runtime'
import { startTestPlatform } from '@scrm/server/testing'
import type { TestDatabaseKind } from '@scrm/store/testing'
import type { NotifyPluginService } from './index.js'

const pluginsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * The real server with only core and notify (plugins built in parallel in the same tree must not
 * break these tests), a manual clock, and the core outbox worker driven by hand.
 */
export async function startNotifyPlatform(kind: TestDatabaseKind) {
  const root = mkdtempSync(join(tmpdir(), 'scrm-notify-root-'))
  mkdirSync(join(root, 'plugins'))
  for (const name of ['core', 'notify']) symlinkSync(join(pluginsDir, name), join(root, 'plugins', name), 'dir')
  const clock = manualClock('2025-10-09T02:00:00Z') // 10:00 in Beijing
  const p = await startTestPlatform(kind, { rootDir: root, pluginConfig: { core: { clock }, notify: { retryBaseMs: 1 } } })
  const runtime = p.kernel.service<FlowRuntime>('flow.runtime')
  return Object.assign(p, {
    clock,
    service: p.kernel.service<NotifyPluginService>('notify'),
    /** Runs the core outbox worker until nothing is due. */
    drainOutbox: () => runtime.workers(p.db.knex).outbox.drain(),
  })
}
