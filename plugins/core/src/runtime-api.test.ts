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

  it('the list gives summaries (no drafts) with search and pages; the draft comes from GET /:id', async () => {
    const t = await h.p.tenant()
    const supervisor = await t.user('supervisor')
    const nodes: Array<[string, string]> = [['s', 'start'], ['e', 'end']]
    await publish(t, flow('repair', nodes, [['s', 'e']]))
    await publish(t, flow('refund', nodes, [['s', 'e']]))
    const draft = await supervisor.api('POST', '/api/flows', { key: 'survey', name: '满意度回访', graph: flow('survey', [...nodes, ['n', 'notify', { notifier: 'log', to: ['x'], body: 'b' }]], []) })
    const refund = (await t.api('GET', '/api/flows?key=refund')).body.items[0]
    await t.api('PATCH', `/api/flows/${refund.id}`, { name: '退款流程' })
    await t.api('PATCH', `/api/flows/${refund.id}`, { graph: flow('refund', [...nodes, ['m', 'setFields', { set: { 'vars.x': 1 } }]], [['s', 'm'], ['m', 'e']]) })

    const all = await t.api('GET', '/api/flows')
    expect(all.status).toBe(200)
    expect(all.body.total).toBe(3)
    expect(all.body.items.map((f: { key: string, status: string, latestVersion: number | null, nodeCount: number }) => [f.key, f.status, f.latestVersion, f.nodeCount]))
      .toEqual([['refund', 'modified', 1, 3], ['repair', 'published', 1, 2], ['survey', 'draft', null, 3]])
    expect(all.body.items[2]).toEqual({
      id: draft.body.id, key: 'survey', name: '满意度回访', status: 'draft', latestVersion: null, nodeCount: 3,
      draftUpdatedAt: expect.any(String), updatedBy: { id: supervisor.id, name: expect.any(String) },
    })
    expect(JSON.stringify(all.body)).not.toContain('graph')
    expect((await t.api('GET', `/api/flows/${draft.body.id}`)).body).toMatchObject({ status: 'draft', graph: { nodes: expect.any(Array) } })
    expect((await t.api('GET', `/api/flows/${draft.body.id}`)).body.graph.nodes).toHaveLength(3)
    expect((await t.api('GET', `/api/flows/${refund.id}`)).body.status).toBe('modified') // the designer's toolbar shows it too

    expect((await t.api('GET', '/api/flows?q=RE&limit=1')).body).toMatchObject({ total: 2, items: [{ key: 'refund' }] })
    expect((await t.api('GET', '/api/flows?q=re&limit=1&offset=1')).body).toMatchObject({ total: 2, items: [{ key: 'repair' }] })
    expect((await t.api('GET', '/api/flows?q=回访')).body.items.map((f: { key: string }) => f.key)).toEqual(['survey'])
    expect((await t.api('GET', '/api/flows?q=%25')).body.total).toBe(0) // a literal %, not a wildcard
    const bad = await t.api('GET', '/api/flows?limit=0')
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body.details)).toContain('limit')
  })

  it('publishing an unchanged draft answers 200 with the existing version instead of a duplicate', async () => {
    const first = await publish(h.t, flow('twice', [['s', 'start'], ['e', 'end']], [['s', 'e']]))
    const again = await h.t.api('POST', `/api/flows/${first.flowId}/publish`)
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ id: first.id, version: 1, unchanged: true })
    expect((await h.t.api('GET', `/api/flows/${first.flowId}/versions`)).body).toHaveLength(1)
    // A rename changes the IR: that is a new version.
    await h.t.api('PATCH', `/api/flows/${first.flowId}`, { name: 'twice renamed' })
    const renamed = await h.t.api('POST', `/api/flows/${first.flowId}/publish`)
    expect(renamed.status).toBe(201)
    expect(renamed.body.version).toBe(2)
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
    expect((await a.api('GET', '/api/flows')).body.items.map((f: { key: string }) => f.key)).not.toContain('b-flow')
    expect((await a.api('GET', '/api/flows?key=b-flow')).body).toEqual({ items: [], total: 0 })
    expect((await a.api('GET', '/api/instances')).body.map((x: { id: string }) => x.id)).not.toContain(i.id)
    expect((await a.api('GET', `/api/tasks?instanceId=${i.id}`)).body).toEqual([])
    expect((await instance(other, i.id)).status).toBe('running')
    expect((await agentB.api('POST', `/api/tasks/${task.id}/complete`, {})).status).toBe(200)
  })
})
