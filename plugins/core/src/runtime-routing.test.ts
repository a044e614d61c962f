import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { flow, harness, instance, openTasks, path, publish, type RuntimeHarness, start, SETUP_MS } from './testing/flows.js'

describeDatabases('flow runtime: routing', (kind) => {
  let h: RuntimeHarness
  beforeAll(async () => { h = await harness(kind) }, SETUP_MS)
  afterAll(() => h?.p.close())

  it('exclusive gateway routes by customer tier, default branch otherwise', async () => {
    const { t } = h
    await publish(t, flow('tier-routing', [
      ['s', 'start'], ['gw', 'exclusive', { default: 'e3' }],
      ['vip', 'setFields', { set: { 'vars.queue': 'vip-desk' } }],
      ['std', 'setFields', { set: { 'vars.queue': 'standard' } }],
      ['end', 'end'],
    ], [
      ['s', 'gw'],
      ['gw', 'vip', { when: { '==': [{ var: 'customer.tier' }, 'VIP'] } }],
      ['gw', 'std'],
      ['vip', 'end'], ['std', 'end'],
    ]))
    const vip = await start(t, 'tier-routing', { customer: { tier: 'VIP' } })
    expect(vip.status).toBe('completed')
    expect(vip.vars.queue).toBe('vip-desk')
    expect(await path(t, vip.id)).toEqual(['s', 'gw', 'vip', 'end'])
    const normal = await start(t, 'tier-routing', { customer: { tier: 'normal' } })
    expect(normal.vars.queue).toBe('standard')
  })

  it('parallel split fans out to three departments and the join waits for all', async () => {
    const { t } = h
    const [sales, service, finance] = await Promise.all([t.user('agent', `sales${Date.now()}`), t.user('agent'), t.user('agent')])
    await publish(t, flow('three-departments', [
      ['s', 'start'], ['split', 'parallelSplit'],
      ['d1', 'userTask', { assign: { users: [sales.id] } }],
      ['d2', 'userTask', { assign: { users: [service.id] } }],
      ['d3', 'userTask', { assign: { users: [finance.id] } }],
      ['join', 'parallelJoin'], ['done', 'setFields', { set: { 'vars.joined': true } }], ['end', 'end'],
    ], [['s', 'split'], ['split', 'd1'], ['split', 'd2'], ['split', 'd3'], ['d1', 'join'], ['d2', 'join'], ['d3', 'join'], ['join', 'done'], ['done', 'end']]))
    const i = await start(t, 'three-departments')
    const tasks = await openTasks(t, i.id)
    expect(tasks.map(x => x.nodeId).sort()).toEqual(['d1', 'd2', 'd3'])
    const byNode = Object.fromEntries(tasks.map(x => [x.nodeId, x]))
    const inbox = await sales.api('GET', '/api/tasks?mine=1')
    expect(inbox.body.map((x: { id: string }) => x.id)).toEqual([byNode.d1.id])

    expect((await sales.api('POST', `/api/tasks/${byNode.d1.id}/complete`, { outcome: 'done' })).status).toBe(200)
    expect((await service.api('POST', `/api/tasks/${byNode.d2.id}/complete`, {})).status).toBe(200)
    expect((await instance(t, i.id)).status).toBe('running')
    expect((await finance.api('POST', `/api/tasks/${byNode.d3.id}/complete`, {})).status).toBe(200)
    const after = await instance(t, i.id)
    expect(after.status).toBe('completed')
    expect(after.vars.joined).toBe(true)
    expect(after.vars.d1.outcome).toBe('done')
    expect((await path(t, i.id)).filter(n => n === 'join')).toHaveLength(3) // each arrival is one execution
    expect((await path(t, i.id)).filter(n => n === 'done')).toHaveLength(1)
  })
})
