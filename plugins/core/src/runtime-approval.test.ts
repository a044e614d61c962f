import type { TestUser } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { flow, harness, instance, openTasks, path, publish, type RuntimeHarness, start, timeline, SETUP_MS } from './testing/flows.js'

describeDatabases('flow runtime: approvals and tasks', (kind) => {
  let h: RuntimeHarness
  let lead: TestUser, manager: TestUser, a: TestUser, b: TestUser, c: TestUser
  beforeAll(async () => {
    h = await harness(kind)
    ;[lead, manager, a, b, c] = await Promise.all([h.t.user('supervisor'), h.t.user('supervisor'), h.t.user('agent'), h.t.user('agent'), h.t.user('agent')])
    await publish(h.t, flow('two-level', [
      ['s', 'start'],
      ['ap', 'approval', { levels: [{ name: '组长', approvers: { users: [lead.id] }, mode: 'any' }, { name: '经理', approvers: { users: [manager.id] }, mode: 'any' }] }],
      ['ok', 'end', { status: 'approved' }], ['fix', 'setFields', { set: { 'vars.rework': true } }], ['no', 'end', { status: 'rejected' }],
    ], [['s', 'ap'], ['ap', 'ok'], ['ap', 'fix', { on: 'reject' }], ['fix', 'no']]))
    for (const mode of ['any', 'all']) {
      await publish(h.t, flow(`countersign-${mode}`, [
        ['s', 'start'], ['ap', 'approval', { levels: [{ approvers: { users: [a.id, b.id, c.id] }, mode }] }], ['ok', 'end'], ['no', 'end'],
      ], [['s', 'ap'], ['ap', 'ok'], ['ap', 'no', { on: 'reject' }]]))
    }
  }, SETUP_MS)
  afterAll(() => h?.p.close())

  it('two levels approve in sequence', async () => {
    const i = await start(h.t, 'two-level')
    const [first] = await openTasks(h.t, i.id)
    expect(first).toMatchObject({ level: 0, assigneeId: lead.id, kind: 'approval' })
    expect((await manager.api('POST', `/api/tasks/${first.id}/approve`, {})).status).toBe(403) // not yours
    expect((await lead.api('POST', `/api/tasks/${first.id}/approve`, { comment: '同意' })).status).toBe(200)
    const [second] = await openTasks(h.t, i.id)
    expect(second).toMatchObject({ level: 1, assigneeId: manager.id })
    expect((await manager.api('POST', `/api/tasks/${second.id}/approve`)).status).toBe(200)
    const done = await instance(h.t, i.id)
    expect(done.status).toBe('completed')
    expect(done.vars.ap).toMatchObject({ outcome: 'approved', level: 1, by: manager.id })
    expect(await path(h.t, i.id)).toEqual(['s', 'ap', 'ok'])
  })

  it('a rejection at level two leaves by the reject edge', async () => {
    const i = await start(h.t, 'two-level')
    await lead.api('POST', `/api/tasks/${(await openTasks(h.t, i.id))[0].id}/approve`)
    const [second] = await openTasks(h.t, i.id)
    const res = await manager.api('POST', `/api/tasks/${second.id}/reject`, { comment: '预算不足' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'completed', outcome: 'reject', comment: '预算不足' })
    const done = await instance(h.t, i.id)
    expect(done.vars).toMatchObject({ rework: true, ap: { outcome: 'rejected', level: 1, comment: '预算不足' } })
    expect(await path(h.t, i.id)).toEqual(['s', 'ap', 'fix', 'no'])
  })

  it('countersign any: the first approval decides and the other tasks are cancelled', async () => {
    const i = await start(h.t, 'countersign-any')
    const tasks = await openTasks(h.t, i.id)
    expect(tasks.map(t => t.assigneeId).sort()).toEqual([a.id, b.id, c.id].sort())
    const mine = tasks.find(t => t.assigneeId === b.id)!
    expect((await b.api('POST', `/api/tasks/${mine.id}/approve`)).status).toBe(200)
    expect((await instance(h.t, i.id)).status).toBe('completed')
    const all = (await h.t.api('GET', `/api/tasks?instanceId=${i.id}&status=cancelled`)).body
    expect(all).toHaveLength(2)
    const other = tasks.find(t => t.assigneeId === a.id)!
    expect((await a.api('POST', `/api/tasks/${other.id}/approve`)).status).toBe(409) // already cancelled
  })

  it('countersign all: waits for everyone; one rejection rejects', async () => {
    const i = await start(h.t, 'countersign-all')
    const tasks = await openTasks(h.t, i.id)
    const of = (u: TestUser) => tasks.find(t => t.assigneeId === u.id)!.id
    await a.api('POST', `/api/tasks/${of(a)}/approve`)
    await b.api('POST', `/api/tasks/${of(b)}/approve`)
    expect((await instance(h.t, i.id)).status).toBe('running')
    await c.api('POST', `/api/tasks/${of(c)}/approve`)
    expect(await path(h.t, i.id)).toEqual(['s', 'ap', 'ok'])

    const j = await start(h.t, 'countersign-all')
    const jt = await openTasks(h.t, j.id)
    await a.api('POST', `/api/tasks/${jt.find(t => t.assigneeId === a.id)!.id}/approve`)
    await c.api('POST', `/api/tasks/${jt.find(t => t.assigneeId === c.id)!.id}/reject`)
    expect(await path(h.t, j.id)).toEqual(['s', 'ap', 'no'])
    expect(await openTasks(h.t, j.id)).toEqual([]) // b's task was cancelled
  })

  it('task API: 409 when done or stale, 403 when not yours, 404 for unknown, 400 for bad input', async () => {
    await publish(h.t, flow('one-task', [['s', 'start'], ['t', 'userTask', { assign: { users: [a.id] }, outcomes: ['fixed', 'wontfix'] }], ['e', 'end']], [['s', 't'], ['t', 'e']]))
    const i = await start(h.t, 'one-task')
    const [task] = await openTasks(h.t, i.id)
    expect((await b.api('POST', `/api/tasks/${task.id}/complete`, {})).status).toBe(403)
    expect((await a.api('POST', `/api/tasks/${task.id}/complete`, { expectedVersion: task.version + 1 })).status).toBe(409)
    expect((await a.api('POST', `/api/tasks/${task.id}/approve`)).status).toBe(400) // not an approval
    expect((await a.api('POST', `/api/tasks/${task.id}/complete`, { outcome: 'fixed', bogus: 1 })).status).toBe(400)
    expect((await a.api('POST', '/api/tasks/00000000-0000-4000-8000-000000000000/complete', {})).status).toBe(404)
    const ok = await a.api('POST', `/api/tasks/${task.id}/complete`, { outcome: 'fixed', form: { note: 'done' }, expectedVersion: task.version })
    expect(ok.status).toBe(200)
    expect(ok.body.version).toBe(task.version + 1)
    const again = await a.api('POST', `/api/tasks/${task.id}/complete`, { outcome: 'fixed' })
    expect(again.status).toBe(409)
    expect(again.body.message).toContain('already completed')
    const events = (await timeline(h.t, i.id)).map(e => e.event)
    expect(events.filter(e => e === 'task.completed')).toHaveLength(1)
    expect(events.at(-1)).toBe('instance.completed')
  })

  it('pool tasks are claimed by a candidate, reassigned by a supervisor; task SLAs mark the task', async () => {
    await publish(h.t, flow('pool', [['s', 'start'], ['t', 'userTask', { assign: { role: 'agent' }, sla: { target: 'PT1H', warnAt: '80%' } }], ['e', 'end']], [['s', 't'], ['t', 'e']]))
    const i = await start(h.t, 'pool')
    const [task] = await openTasks(h.t, i.id)
    expect(task).toMatchObject({ assigneeId: null })
    expect((await a.api('GET', '/api/tasks?mine=1')).body.map((x: { id: string }) => x.id)).toContain(task.id)
    expect((await a.api('POST', `/api/tasks/${task.id}/assign`, { assigneeId: b.id })).status).toBe(403) // agents only claim for themselves
    const claimed = await a.api('POST', `/api/tasks/${task.id}/assign`, { assigneeId: a.id })
    expect(claimed.body).toMatchObject({ assigneeId: a.id, version: 2 })
    expect((await b.api('POST', `/api/tasks/${task.id}/assign`, { assigneeId: b.id })).status).toBe(403) // no longer in the pool
    expect((await lead.api('POST', `/api/tasks/${task.id}/assign`, { assigneeId: b.id, expectedVersion: 1 })).status).toBe(409)
    expect((await lead.api('POST', `/api/tasks/${task.id}/assign`, { assigneeId: b.id, expectedVersion: 2 })).status).toBe(200)
    await h.tick(48 * 60_000)
    expect((await b.api('GET', `/api/tasks/${task.id}`)).body).toMatchObject({ slaStatus: 'warning', assigneeId: b.id })
    await h.tick(12 * 60_000)
    expect((await b.api('GET', `/api/tasks/${task.id}`)).body.slaStatus).toBe('breached')
    expect((await b.api('POST', `/api/tasks/${task.id}/complete`, {})).status).toBe(200)
    const events = (await timeline(h.t, i.id)).map(e => e.event)
    expect(events.filter(e => e === 'task.assigned')).toHaveLength(2)
    expect(events).toEqual(expect.arrayContaining(['sla.warning', 'sla.breach', 'instance.completed']))
  })
})
