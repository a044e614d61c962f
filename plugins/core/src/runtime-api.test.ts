import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { flow, harness, instance, openTasks, publish, type RuntimeHarness, start, SETUP_MS } from './testing/flows.js'

describeDatabases('flow API: drafts, versions, isolation', (kind) => {
  let h: RuntimeHarness
  let other: TestTenant
  beforeAll(async () => {
    h = await harness(kind)
    other = await h.p.tenant()
  }, SETUP_MS)
  afterAll(() => h?.p.close())

  it('validate reports diagnostics; a flow with errors cannot be published', async () => {
    const created = await h.t.api('POST', '/api/flows', { key: 'broken', name: '坏流程', graph: flow('broken', [['a', 'userTask', {}], ['x', 'script', { source: 'return (' }]], []) })
    expect(created.status).toBe(201)
    const v = await h.t.api('POST', `/api/flows/${created.body.id}/validate`)
    expect(v.body.ok).toBe(false)
    const codes = v.body.diagnostics.map((d: { code: string }) => d.code)
    expect(codes).toContain('no_start')
    expect(codes).toContain('script_parse_error')
    const pub = await h.t.api('POST', `/api/flows/${created.body.id}/publish`)
    expect(pub.status).toBe(400)
    expect(pub.body.details.diagnostics.length).toBeGreaterThan(0)
    expect((await h.t.api('GET', `/api/flows/${created.body.id}/versions`)).body).toEqual([])
  })

  it('designer graphs are compiled on publish; stale draft saves are 409', async () => {
    const graph = {
      nodes: [{ id: 's', type: 'start', position: { x: 0, y: 0 } }, { id: 'e', type: 'end', position: { x: 200, y: 0 }, data: { config: { status: 'closed' } } }],
      edges: [{ id: 'e1', source: 's', target: 'e' }],
    }
    const f = (await h.t.api('POST', '/api/flows', { key: 'drawn', name: 'Drawn', graph })).body
    expect((await h.t.api('PATCH', `/api/flows/${f.id}`, { name: 'Drawn 2', expectedVersion: f.lockVersion })).status).toBe(200)
    expect((await h.t.api('PATCH', `/api/flows/${f.id}`, { name: 'Drawn 3', expectedVersion: f.lockVersion })).status).toBe(409)
    const pub = await h.t.api('POST', `/api/flows/${f.id}/publish`)
    expect(pub.status).toBe(201)
    expect(pub.body.ir).toMatchObject({ key: 'drawn', version: 1, edges: [{ id: 'e1', from: 's', to: 'e' }] })
    expect((await start(h.t, 'drawn')).status).toBe('completed')
  })

  it('published versions are immutable; running instances stay on their version; diff shows the change', async () => {
    const agent = await h.t.user('agent')
    const v1 = await publish(h.t, flow('versioned', [['s', 'start'], ['t', 'userTask', { assign: { users: [agent.id] } }], ['e', 'end']], [['s', 't'], ['t', 'e']]))
    const old = await start(h.t, 'versioned')
    const v2 = await publish(h.t, flow('versioned', [['s', 'start'], ['t', 'userTask', { assign: { users: [agent.id] } }], ['mark', 'setFields', { set: { 'vars.v2': true } }], ['e', 'end']], [['s', 't'], ['t', 'mark'], ['mark', 'e']]))
    expect([v1.version, v2.version]).toEqual([1, 2])
    const fresh = await start(h.t, 'versioned')
    expect((await instance(h.t, old.id))).toMatchObject({ flowVersion: 1 })
    expect((await instance(h.t, fresh.id))).toMatchObject({ flowVersion: 2 })
    for (const i of [old, fresh]) {
      const [task] = await openTasks(h.t, i.id)
      await agent.api('POST', `/api/tasks/${task.id}/complete`, {})
    }
    expect((await instance(h.t, old.id)).vars.v2).toBeUndefined()
    expect((await instance(h.t, fresh.id)).vars.v2).toBe(true)

    await expect(h.p.db.knex('flow_versions').where({ id: v1.id }).update({ ir: JSON.stringify({}) })).rejects.toThrow(/immutable/)
    const got = await h.t.api('GET', `/api/flows/${v1.flowId}/versions/1`)
    expect(got.body.ir.nodes.map((n: { id: string }) => n.id)).toEqual(['s', 't', 'e'])
    const diff = await h.t.api('GET', `/api/flows/${v1.flowId}/diff?from=1&to=2`)
    expect(diff.status).toBe(200)
    expect(JSON.stringify(diff.body)).toContain('mark')
    expect((await h.t.api('GET', `/api/flows/${v1.flowId}/diff?from=1&to=9`)).status).toBe(404)
    expect((await h.t.api('POST', '/api/instances', { flowVersionId: v1.id })).body.flowVersion).toBe(1)
  })

  it('agents cannot edit flows; customers cannot use the runtime API', async () => {
    const agent = await h.t.user('agent')
    expect((await agent.api('POST', '/api/flows', { key: 'x', name: 'x' })).status).toBe(403)
    const customer = await h.t.user('customer')
    expect((await customer.api('GET', '/api/tasks?mine=1')).status).toBe(403)
    expect((await h.t.api('POST', '/api/instances', { flowKey: 'nope' })).status).toBe(404)
    expect((await h.t.api('POST', '/api/instances', {})).status).toBe(400)
  })

  it('tenant A gets 404 for every id of tenant B on every route', async () => {
    const agentB = await other.user('agent')
    const v = await publish(other, flow('b-flow', [['s', 'start'], ['t', 'userTask', { assign: { users: [agentB.id] } }], ['w', 'waitForEvent', { event: 'go' }], ['e', 'end']], [['s', 't'], ['t', 'w'], ['w', 'e']]))
    const i = await start(other, 'b-flow')
    const [task] = await openTasks(other, i.id)
    const a = h.t
    const probes: Array<[string, string, unknown?]> = [
      ['GET', `/api/flows/${v.flowId}`], ['PATCH', `/api/flows/${v.flowId}`, { name: 'x' }], ['DELETE', `/api/flows/${v.flowId}`],
      ['POST', `/api/flows/${v.flowId}/validate`], ['POST', `/api/flows/${v.flowId}/publish`], ['GET', `/api/flows/${v.flowId}/versions`],
      ['GET', `/api/flows/${v.flowId}/versions/1`], ['GET', `/api/flows/${v.flowId}/diff?from=1&to=1`],
      ['POST', '/api/instances', { flowVersionId: v.id }], ['GET', `/api/instances/${i.id}`], ['GET', `/api/instances/${i.id}/timeline`],
      ['POST', `/api/instances/${i.id}/events`, { name: 'go' }], ['POST', `/api/instances/${i.id}/cancel`],
      ['GET', `/api/tasks/${task.id}`], ['POST', `/api/tasks/${task.id}/complete`, {}], ['POST', `/api/tasks/${task.id}/approve`], ['POST', `/api/tasks/${task.id}/reject`],
    ]
    for (const [method, url, body] of probes) expect((await a.api(method, url, body)).status, `${method} ${url}`).toBe(404)
    expect((await a.api('GET', '/api/flows')).body.map((f: { key: string }) => f.key)).not.toContain('b-flow')
    expect((await a.api('GET', '/api/instances')).body.map((x: { id: string }) => x.id)).not.toContain(i.id)
    expect((await a.api('GET', `/api/tasks?instanceId=${i.id}`)).body).toEqual([])
    expect((await instance(other, i.id)).status).toBe('running')
    expect((await agentB.api('POST', `/api/tasks/${task.id}/complete`, {})).status).toBe(200)
  })
})
