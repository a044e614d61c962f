import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPostgresTestDatabase } from '@scrm/store/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { adminApi, type Api, parallel, publishFlow, type ServerProcess, startServer, waitFor } from './server.js'

const INSTANCES = 200

/** Each timer is followed by a counter increment: a step run twice would show as count > 2. */
const crashFlow = {
  key: 'crash',
  nodes: [
    { id: 's', type: 'start' }, { id: 't1', type: 'timer', config: { duration: 'PT1S' } },
    { id: 'inc1', type: 'setFields', config: { set: { 'vars.count': { '+': [{ var: 'vars.count' }, 1] } } } },
    { id: 't2', type: 'timer', config: { duration: 'PT1S' } },
    { id: 'inc2', type: 'setFields', config: { set: { 'vars.count': { '+': [{ var: 'vars.count' }, 1] } } } },
    { id: 'e', type: 'end' },
  ],
  edges: [
    { id: 'a', from: 's', to: 't1' }, { id: 'b', from: 't1', to: 'inc1' }, { id: 'c', from: 'inc1', to: 't2' },
    { id: 'd', from: 't2', to: 'inc2' }, { id: 'f', from: 'inc2', to: 'e' },
  ],
}

interface Kind { name: string, databaseUrl?: string, cleanup?: () => Promise<void> }

async function kinds(): Promise<Kind[]> {
  const list: Kind[] = [{ name: 'pglite on disk' }]
  const admin = process.env.TEST_DATABASE_URL
  if (admin) {
    const db = await openPostgresTestDatabase(admin, { poolMax: 1 })
    list.push({ name: 'postgres', databaseUrl: db.url, cleanup: db.close })
  }
  return list
}

const completed = async (api: Api) => (await api('GET', '/api/instances?flowKey=crash&status=completed&limit=500')).body.length as number

describe('crash: kill -9 in the middle of 200 timer flows', async () => {
  for (const kind of await kinds()) {
    let server: ServerProcess | undefined
    const dataDir = mkdtempSync(join(tmpdir(), 'scrm-crash-'))
    afterAll(async () => {
      await server?.stop()
      await kind.cleanup?.()
      rmSync(dataDir, { recursive: true, force: true })
    })

    it(`[${kind.name}] every instance completes after a restart and no step ran twice`, async () => {
      server = await startServer({ dataDir, databaseUrl: kind.databaseUrl })
      let api = await adminApi(server.url)
      await publishFlow(api, crashFlow)
      await parallel(INSTANCES, 8, async () => {
        const res = await api('POST', '/api/instances', { flowKey: 'crash', vars: { count: 0 } })
        expect(res.status).toBe(201)
      })
      // Kill while timers are firing: some instances done, most not.
      await waitFor('the first completed instance', async () => (await completed(api)) > 0, 30_000)
      const before = await completed(api)
      await server.kill9()
      expect(before).toBeLessThan(INSTANCES)

      server = await startServer({ dataDir, databaseUrl: kind.databaseUrl })
      api = await adminApi(server.url)
      await waitFor('all instances to complete', async () => (await completed(api)) === INSTANCES, 90_000)

      const list = (await api('GET', '/api/instances?flowKey=crash&limit=500')).body as Array<{ id: string, status: string, vars: { count: number } }>
      expect(list).toHaveLength(INSTANCES)
      expect(list.every(i => i.status === 'completed' && i.vars.count === 2)).toBe(true)
      await parallel(INSTANCES, 8, async (n) => {
        const events = (await api('GET', `/api/instances/${list[n].id}/timeline`)).body as Array<{ seq: number, event: string, nodeId: string }>
        const executed = events.filter(e => e.event === 'node').map(e => e.nodeId)
        expect(executed).toEqual(['s', 't1', 'inc1', 't2', 'inc2', 'e'])
        expect(events.filter(e => e.event === 'node.resumed').map(e => e.nodeId)).toEqual(['t1', 't2'])
        expect(events.map(e => e.seq)).toEqual(events.map((_, k) => k + 1))
      })
      console.log(`[crash ${kind.name}] killed with ${before}/${INSTANCES} completed; after restart ${INSTANCES}/${INSTANCES}, each step once`)
    }, 240_000)
  }
})
