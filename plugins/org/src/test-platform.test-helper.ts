import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startTestPlatform, type TestPlatform } from '@scrm/server/testing'
import { tenantScope, type TenantScope } from '@scrm/store'
import type { TestDatabaseKind } from '@scrm/store/testing'
import type { OrgService } from './service.js'

const pluginsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * The real platform with only the plugins named: others are built in parallel in the same tree,
 * and a half-written one must not fail these tests.
 */
export async function startPlatformWith(kind: TestDatabaseKind, plugins: string[], pluginConfig: Record<string, unknown> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'scrm-org-root-'))
  mkdirSync(join(root, 'plugins'))
  for (const name of plugins) symlinkSync(join(pluginsDir, name), join(root, 'plugins', name), 'dir')
  const p: TestPlatform = await startTestPlatform(kind, { rootDir: root, pluginConfig })
  return Object.assign(p, {
    org: p.kernel.service<OrgService>('org'),
    scope: (tenantId: string): TenantScope => tenantScope(tenantId, p.db.knex),
  })
}

export const startOrgPlatform = (kind: TestDatabaseKind) => startPlatformWith(kind, ['core', 'org'])
