import { definePlugin } from '@scrm/kernel'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { addRule, ok, type RoutingPlatform, shop, startRouting, ticket } from './test-helper.test-helper.js'

/** A third-party strategy that fails: intake must still create the ticket, unrouted, and say why. */
const broken = definePlugin({
  name: 'broken-strategy',
  version: '0.0.0',
  dependsOn: ['routing'],
  setup({ assignmentStrategies }) {
    assignmentStrategies.register({ id: 'explode', label: { 'zh-CN': '故障', 'en-US': 'Explode' }, rank: () => { throw new Error('strategy exploded') } })
  },
})

describeDatabases('routing failures never lose a ticket', (kind) => {
  let p: RoutingPlatform
  beforeAll(async () => { p = await startRouting(kind, {}, [broken]) })
  afterAll(() => p?.close())

  it('a throwing strategy leaves the ticket created, unassigned, with routing_failed on the timeline', async () => {
    const s = await shop(p, 2)
    await addRule(s.t, { strategy: 'explode' })
    const tk = await ticket(s.t)
    expect(tk).toMatchObject({ assigneeId: null, team: null })
    const tl = await ok(s.t.api('GET', `/api/tickets/${tk.id}/timeline`))
    expect(tl.events.map((e: any) => e.kind)).toEqual(['created', 'routing_failed'])
    expect(tl.events[1].data.message).toBe('strategy exploded')
    expect(await ok(s.t.api('GET', `/api/routing/tickets/${tk.id}/assignments`))).toEqual([])
    // Plugin strategies are listed for the tenant beside the built-in ones.
    expect((await ok(s.t.api('GET', '/api/routing/strategies'))).map((x: any) => x.id)).toEqual(['round-robin', 'least-load', 'skills', 'nearest', 'experience', 'explode'])
  })
})
