import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { addRule, ok, type RoutingPlatform, type Shop, shop, startRouting, ticket } from './test-helper.test-helper.js'

describeDatabases('routing: tenant isolation and bad input', (kind) => {
  let p: RoutingPlatform
  let a: Shop
  let b: TestTenant
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    p = await startRouting(kind)
    a = await shop(p, 1)
    b = (await shop(p, 1)).t
    ids.rule = (await addRule(a.t, { name: 'A only' })).id
    ids.dict = (await ok(a.t.api('POST', '/api/routing/dictionaries', { key: 'faults', name: '故障码', entries: [{ term: 'E1' }] }), 201)).id
    ids.ticket = (await ticket(a.t, { title: 'E1' })).id
    ids.assignment = (await ok(a.t.api('GET', `/api/routing/tickets/${ids.ticket}/assignments`)))[0].id
  })
  afterAll(() => p?.close())

  it('another tenant\'s ids are 404 on every route, and nothing of A leaks into B\'s lists', async () => {
    for (const [m, url, body] of [
      ['GET', `/api/routing/rules/${ids.rule}`], ['PATCH', `/api/routing/rules/${ids.rule}`, { name: 'x' }], ['DELETE', `/api/routing/rules/${ids.rule}`],
      ['GET', `/api/routing/dictionaries/${ids.dict}`], ['PATCH', `/api/routing/dictionaries/${ids.dict}`, { name: 'x' }], ['DELETE', `/api/routing/dictionaries/${ids.dict}`],
      ['GET', `/api/routing/assignments/${ids.assignment}`], ['GET', `/api/routing/tickets/${ids.ticket}/assignments`], ['GET', `/api/routing/tickets/${ids.ticket}/tags`],
      ['POST', `/api/routing/tickets/${ids.ticket}/route`, {}], ['POST', '/api/routing/preview', { ticketId: ids.ticket }],
      ['POST', '/api/routing/override', { ticketId: ids.ticket, assigneeId: null, reason: 'x' }],
    ] as Array<[string, string, unknown?]>) expect((await b.api(m, url, body)).status, `${m} ${url}`).toBe(404)
    expect(await ok(b.api('GET', '/api/routing/rules'))).toEqual([])
    expect(await ok(b.api('GET', '/api/routing/dictionaries'))).toEqual([])
    // B's reorder cannot name A's rule.
    const order = await b.api('PUT', '/api/routing/rules/order', { ids: [ids.rule] })
    expect(order.status).toBe(400)
    expect(order.body.details[0].field).toBe('/ids/0')
    // A's rule and dictionary did nothing to B's tickets.
    const bt = await ticket(b, { title: 'E1' })
    expect(bt.assigneeId).toBeNull()
    expect(await ok(b.api('GET', `/api/routing/tickets/${bt.id}/tags`))).toEqual([])
    // Override in A cannot hand A's ticket to B's user.
    const bUser = (await ok(b.api('GET', '/api/org/users')))[0].userId
    const cross = await a.t.api('POST', '/api/routing/override', { ticketId: ids.ticket, assigneeId: bUser, reason: 'x' })
    expect(cross.status).toBe(400)
    expect(cross.body.details[0].field).toBe('/assigneeId')
  })

  it('bad input is a 4xx naming the field', async () => {
    const cases: Array<[string, string, unknown, string, number?]> = [
      ['POST', '/api/routing/rules', { name: 'x', pool: { team: 'a' }, strategy: 'fastest' }, '/strategy'],
      ['POST', '/api/routing/rules', { name: 'x', pool: { team: 'nope' }, strategy: 'least-load' }, '/pool/team'],
      ['POST', '/api/routing/rules', { name: 'x', pool: { team: 'a', skills: ['空调:9'] }, strategy: 'skills' }, '/pool/skills/0'],
      ['POST', '/api/routing/rules', { name: 'x', pool: {}, strategy: 'least-load', when: { '===': [1] } }, '/when'],
      ['POST', '/api/routing/rules', { name: 'x', pool: {}, strategy: 'least-load', when: { '==': [{ var: 'secret.x' }, 1] } }, '/when'],
      ['POST', '/api/routing/rules', { name: 'x', pool: {}, strategy: 'least-load', raisePriority: 'asap' }, '/raisePriority'],
      ['POST', '/api/routing/rules', { name: 'x', pool: { tema: 'a' }, strategy: 'least-load' }, '/pool/tema'],
      ['POST', '/api/routing/rules', { pool: {}, strategy: 'least-load' }, 'name'],
      ['PATCH', `/api/routing/rules/${ids.rule}`, { strategy: 'nope' }, '/strategy'],
      ['POST', '/api/routing/dictionaries', { key: 'x', name: 'x', match: 'regex', entries: [] }, '/match'],
      ['POST', '/api/routing/dictionaries', { key: 'faults', name: 'dup', entries: [] }, '/key', 409],
      ['POST', '/api/routing/dictionaries', { key: 'y', name: 'y', entries: [{ term: '' }] }, '/entries/0/term'],
      ['PUT', '/api/routing/settings', { fallback: { pool: { team: 'a' }, strategy: 'nope' } }, '/fallback/strategy'],
      ['PUT', '/api/routing/settings', { routeOnIntake: 'yes' }, '/routeOnIntake'],
      ['POST', '/api/routing/preview', { ticket: { priority: 'asap' } }, '/ticket/priority'],
      ['POST', '/api/routing/preview', { ticket: {}, direct: { pool: {}, strategy: 'nope' } }, '/direct/strategy'],
      ['POST', '/api/routing/override', { ticketId: 'not-a-uuid', assigneeId: null, reason: 'x' }, '/ticketId'],
    ]
    for (const [m, url, body, field, status = 400] of cases) {
      const res = await a.t.api(m, url, body)
      expect(res.status, `${m} ${url} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`).toBe(status)
      expect(JSON.stringify(res.body.details ?? res.body), `${m} ${url} ${JSON.stringify(body)}`).toContain(field)
    }
    expect((await a.t.api('GET', '/api/routing/rules/not-a-uuid')).status).toBe(400)
  })

  it('rules can be reordered, and a tenant with routing switched off is not routed', async () => {
    const second = await addRule(a.t, { name: 'second' })
    const order = await ok(a.t.api('PUT', '/api/routing/rules/order', { ids: [second.id, ids.rule] }))
    expect(order.map((r: any) => r.name)).toEqual(['second', 'A only'])
    expect((await ticket(a.t)).assigneeId).not.toBeNull()
    await ok(a.t.api('PUT', '/api/plugins/routing', { enabled: false }))
    expect((await a.t.api('GET', '/api/routing/rules')).status).toBe(404)
    expect((await ticket(a.t)).assigneeId).toBeNull()
  })
})
