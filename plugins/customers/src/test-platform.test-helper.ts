import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startTestPlatform, type TestPlatform } from '@scrm/server/testing'
import { tenantScope, type TenantScope } from '@scrm/store'
import type { TestDatabaseKind } from '@scrm/store/testing'
import type { CustomersService } from './service.js'

const pluginsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * The real platform with only core and this plugin: other plugins are built in parallel in the
 * same tree, and a half-written one must not fail these tests. The repo-wide e2e tests load all.
 */
export async function startCustomersPlatform(kind: TestDatabaseKind, pluginConfig: Record<string, unknown> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'scrm-customers-root-'))
  mkdirSync(join(root, 'plugins'))
  for (const name of ['core', 'customers']) symlinkSync(join(pluginsDir, name), join(root, 'plugins', name), 'dir')
  const p: TestPlatform = await startTestPlatform(kind, { rootDir: root, pluginConfig: { customers: pluginConfig } })
  return Object.assign(p, {
    service: p.kernel.service<CustomersService>('customers'),
    scope: (tenantId: string): TenantScope => tenantScope(tenantId, p.db.knex),
  })
}
