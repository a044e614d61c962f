import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { count, csv, type ImportPlatform, setupRepairType, startImportPlatform, upload, waitForJob } from './import-platform.test-helper.js'
import type { ImportRunner } from './runner.js'

const rows = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => [`${prefix}-${i}`, `${prefix} 工单 ${i}`, '13800138000', '空调'])
const HEADER = ['外部编号', '标题', '联系电话', '产品']

describeDatabases('a running import: cancel, and resume after a restart', (kind) => {
  let ip: ImportPlatform
  let a: TestTenant
  const runner = () => ip.p.kernel.service<ImportRunner>('channel-import.runner')
  const job = async (id: string) => (await a.api('GET', `/api/imports/${id}`)).body
  const until = async (id: string, ok: (j: any) => boolean) => {
    for (let i = 0; i < 2000; i++) {
      const j = await job(id)
      if (ok(j)) return j
      await new Promise(r => setTimeout(r, 20))
    }
    throw new Error(`import ${id} never got there`)
  }

  beforeAll(async () => {
    ip = await startImportPlatform(kind, { batchSize: 5 })
    a = await ip.p.tenant()
    await setupRepairType(a)
  }, 120_000)
  afterAll(async () => { await ip?.close() })

  it('cancel stops a running import after the batch in hand; what was imported stays, and matches the counters', async () => {
    const up = await upload(a, 'cancel.csv', Buffer.from(csv([HEADER, ...rows('C', 400)])))
    await a.api('POST', `/api/imports/${up.body.job.id}/run`, { mapping: up.body.mapping })
    await until(up.body.job.id, j => j.done >= 10)
    const cancelled = await a.api('POST', `/api/imports/${up.body.job.id}/cancel`)
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.status).toBe('cancelled')
    // The worker notices before its next batch: the counters stop moving.
    let last = -1
    let j = await job(up.body.job.id)
    while (j.done !== last) {
      last = j.done
      await new Promise(r => setTimeout(r, 300))
      j = await job(up.body.job.id)
    }
    expect(j.status).toBe('cancelled')
    expect(j.done).toBeLessThan(400)
    expect(j.created).toBe(j.done)
    expect(await ip.p.db.knex('tickets').where({ tenant_id: a.tenantId }).where('title', 'like', 'C 工单%').count({ n: '*' }).then(r => Number(r[0].n))).toBe(j.created)
  }, 300_000)

  it('a tenant that switches the plugin off stops its running import; the API answers 404 meanwhile', async () => {
    const up = await upload(a, 'off.csv', Buffer.from(csv([HEADER, ...rows('O', 400)])))
    await a.api('POST', `/api/imports/${up.body.job.id}/run`, { mapping: up.body.mapping })
    await until(up.body.job.id, j => j.done >= 10)
    expect((await a.api('PUT', '/api/plugins/channel-import', { enabled: false })).status).toBe(200)
    expect((await a.api('GET', `/api/imports/${up.body.job.id}`)).status).toBe(404)
    const stopped = async () => (await ip.p.db.knex('import_jobs').where({ id: up.body.job.id }).first())
    for (let i = 0; i < 500 && (await stopped()).status === 'running'; i++) await new Promise(r => setTimeout(r, 20))
    const row = await stopped()
    expect((await a.api('PUT', '/api/plugins/channel-import', { enabled: true })).status).toBe(200)
    expect(row).toMatchObject({ status: 'cancelled', error: expect.stringContaining('switched off') })
    expect(row.done).toBeLessThan(400)
    expect(await ip.p.db.knex('tickets').where({ tenant_id: a.tenantId }).where('title', 'like', 'O 工单%').count({ n: '*' }).then(r => Number(r[0].n))).toBe(row.created)
  }, 300_000)

  it('a worker stopped mid-import (server shutdown) resumes from the rows done at its next start: no row twice, none lost', async () => {
    const up = await upload(a, 'resume.csv', Buffer.from(csv([HEADER, ...rows('R', 60)])))
    await a.api('POST', `/api/imports/${up.body.job.id}/run`, { mapping: up.body.mapping })
    await until(up.body.job.id, j => j.done >= 10)
    await runner().stop()
    const halfway = await job(up.body.job.id)
    expect(halfway.status).toBe('running')
    expect(halfway.done).toBeLessThan(60)
    await runner().start(ip.p.db.knex, tenantId => ip.p.kernel.isEnabled(tenantId, 'channel-import'))
    const { job: done } = await waitForJob(a, up.body.job.id)
    expect(done).toMatchObject({ status: 'done', done: 60, created: 60, duplicates: 0, failed: 0 })
    expect(await count(ip.p, 'import_rows', a.tenantId)).toBeGreaterThanOrEqual(60)
    expect(await ip.p.db.knex('tickets').where({ tenant_id: a.tenantId }).where('title', 'like', 'R 工单%').count({ n: '*' }).then(r => Number(r[0].n))).toBe(60)
  }, 300_000)
})
