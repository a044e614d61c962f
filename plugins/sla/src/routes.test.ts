import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createPolicy, createTicket, setupTenant, type SlaPlatform, startSlaPlatform } from './platform.test-helper.js'

const basic = { name: '标准', targets: { normal: { resolution: 'PT8H' } } }

describeDatabases('sla: policy API, validation, tenant isolation', (kind) => {
  let p: SlaPlatform
  let a: TestTenant
  let b: TestTenant

  beforeAll(async () => {
    p = await startSlaPlatform(kind)
    a = await p.tenant()
    b = await p.tenant()
    await setupTenant(a)
    await setupTenant(b)
  })
  afterAll(() => p?.close())

  it('creates, lists in evaluation order, replaces with a version check and deletes policies', async () => {
    const dflt = await createPolicy(a, basic)
    const vip = await createPolicy(a, { name: 'VIP', position: 20, condition: { in: ['VIP', { var: 'ticket.title' }] }, targets: { normal: { resolution: 'PT2H' } } })
    const urgent = await createPolicy(a, { name: '紧急', position: 10, condition: { '==': [{ var: 'ticket.priority' }, 'urgent'] }, calendar: null, targets: { urgent: { firstResponse: 'PT15M', resolution: 'PT4H' } } })
    const list = (await a.api('GET', '/api/sla/policies')).body
    expect(list.map((x: { name: string }) => x.name)).toEqual(['紧急', 'VIP', '标准'])
    expect(list[0]).toMatchObject({ id: urgent.id, version: 1, calendar: null, condition: { '==': [{ var: 'ticket.priority' }, 'urgent'] }, active: true })

    // First match wins; the default catches the rest.
    const policyOf = async (over: Record<string, unknown>) => {
      const ticket = await createTicket(a, over)
      return (await a.api('GET', `/api/tickets/${ticket.id}/sla`)).body.policy?.name
    }
    expect(await policyOf({ priority: 'urgent', title: 'VIP 客户空调故障' })).toBe('紧急')
    expect(await policyOf({ title: 'VIP 客户空调故障' })).toBe('VIP')
    expect(await policyOf({})).toBe('标准')
    // A priority the matching policy sets no target for gets no SLA.
    expect(await policyOf({ priority: 'low' })).toBeUndefined()

    const stale = await a.api('PUT', `/api/sla/policies/${vip.id}`, { ...basic, name: 'VIP 2', condition: { '==': [1, 1] }, expectedVersion: 7 })
    expect(stale.status).toBe(409)
    expect(stale.body.details).toMatchObject({ currentVersion: 1 })
    const put = await a.api('PUT', `/api/sla/policies/${vip.id}`, { ...basic, name: 'VIP 2', position: 5, condition: { '==': [1, 1] }, expectedVersion: 1 })
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    expect(put.body).toMatchObject({ name: 'VIP 2', version: 2, position: 5 })
    expect((await a.api('GET', `/api/sla/policies/${vip.id}`)).body.name).toBe('VIP 2')

    expect((await a.api('DELETE', `/api/sla/policies/${vip.id}`)).status).toBe(204)
    expect((await a.api('GET', `/api/sla/policies/${vip.id}`)).status).toBe(404)
    // Only admins write; staff read.
    const agent = await a.user('agent')
    expect((await agent.api('GET', '/api/sla/policies')).status).toBe(200)
    expect((await agent.api('POST', '/api/sla/policies', { ...basic, condition: { '==': [1, 2] } })).status).toBe(403)
    expect((await agent.api('DELETE', `/api/sla/policies/${dflt.id}`)).status).toBe(403)
  })

  it('bad input is a 4xx naming the field', async () => {
    const v = await p.tenant()
    await setupTenant(v)
    await createPolicy(v, basic)
    const supervisor = await v.user('supervisor')
    const customer = await v.user('customer')
    const cases: Array<[Record<string, unknown>, string, number?]> = [
      [{ targets: basic.targets }, '/name'],
      [{ ...basic, targetz: {} }, '/targetz'],
      [{ ...basic, targets: { critical: { resolution: 'PT1H' } } }, '/targets/critical'],
      [{ ...basic, targets: { normal: { resolution: 'PT2X' } } }, '/targets/normal/resolution'],
      [{ ...basic, targets: { normal: { resolution: 'PT0S' } } }, '/targets/normal/resolution'],
      [{ ...basic, targets: { normal: { firstResponse: { within: 'P1M' } } } }, '/targets/normal/firstResponse/within'],
      [{ ...basic, targets: { normal: { firstResponse: { within: 'PT1H', calendar: 'mars' } } } }, '/targets/normal/firstResponse/calendar'],
      [{ ...basic, targets: {} }, '/targets'],
      [{ ...basic, calendar: 'mars' }, '/calendar'],
      [{ ...basic, condition: { nope: [1] } }, '/condition/nope'],
      [{ ...basic, condition: { '==': [{ var: 'vars.x' }, 1] } }, '/condition/==/0/var/0'],
      [{ ...basic, warning: { at: '150%' } }, '/warning/at'],
      [{ ...basic, warning: { at: 'soon' } }, '/warning/at'],
      [{ ...basic, escalations: [{ actions: [{ type: 'raisePriority' }] }] }, '/escalations/0'],
      [{ ...basic, escalations: [{ after: 'PT1H', before: 'PT1H', actions: [{ type: 'raisePriority' }] }] }, '/escalations/0'],
      [{ ...basic, escalations: [{ after: 'PT1H', actions: [{ type: 'raisePriority' }] }, { after: 'PT30M', actions: [{ type: 'raisePriority' }] }] }, '/escalations/1/after'],
      [{ ...basic, escalations: [{ after: 'PT1H', actions: [] }] }, '/escalations/0/actions'],
      [{ ...basic, escalations: [{ after: 'PT1H', actions: [{ type: 'notify', to: [{ user: customer.id }] }] }] }, '/escalations/0/actions/0/to/0/user'],
      [{ ...basic, escalations: [{ after: 'PT1H', actions: [{ type: 'notify', to: [{ channel: 'all-hands' }] }] }] }, '/escalations/0/actions/0/to/0/channel'],
      [{ ...basic, pauseStatuses: ['waiting_parts'] }, '/pauseStatuses/0'],
      [{ ...basic, escalations: [{ after: 'PT1H', actions: [{ type: 'reassign', to: { rules: true } }] }] }, '/escalations/0/actions/0/to'],
      [{ ...basic, name: '再一个默认' }, '/condition', 409],
    ]
    const got: Array<[string, number, string[]]> = []
    for (const [body, , status = 400] of cases) {
      const res = await v.api('POST', '/api/sla/policies', body)
      got.push([res.body.message, res.status === status ? status : res.status, (res.body.details ?? []).map((d: { field: string }) => d.field)])
    }
    expect(got.map(([, status, fields], i) => [status, fields.includes(cases[i][1]) ? cases[i][1] : fields])).toEqual(cases.map(([, field, status = 400]) => [status, field]))
    // The same checks on replace; a valid escalation naming a staff user passes.
    const ok = await createPolicy(v, { ...basic, condition: { '==': [1, 2] }, escalations: [{ before: 'PT10M', actions: [{ type: 'addWatcher', who: { user: supervisor.id } }] }] })
    const res = await v.api('PUT', `/api/sla/policies/${ok.id}`, { ...basic, condition: { '==': [1, 2] }, warning: { at: '0%' } })
    expect(res.status).toBe(400)
    expect(res.body.details[0].field).toBe('/warning/at')
  })

  it('tenant A gets 404 for tenant B policies and ticket SLAs, and sees none of them', async () => {
    const policy = await createPolicy(b, { ...basic, name: 'B 的策略' })
    const ticket = await createTicket(b)
    expect((await b.api('GET', `/api/tickets/${ticket.id}/sla`)).body.policy.name).toBe('B 的策略')
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/api/sla/policies/${policy.id}`],
      ['PUT', `/api/sla/policies/${policy.id}`, { ...basic, condition: { '==': [1, 2] } }],
      ['DELETE', `/api/sla/policies/${policy.id}`],
      ['GET', `/api/tickets/${ticket.id}/sla`],
    ]
    for (const [method, url, body] of routes) {
      const res = await a.api(method, url, body)
      expect(res.status, `${method} ${url}`).toBe(404)
      expect(res.body.error).toBe('Not Found')
    }
    expect((await a.api('GET', '/api/sla/policies')).body.map((x: { name: string }) => x.name)).not.toContain('B 的策略')
    expect((await b.api('GET', `/api/sla/policies/${policy.id}`)).body.name).toBe('B 的策略')
    expect((await a.api('GET', '/api/tickets/not-a-uuid/sla')).status).toBe(400)
  })

  it('a tenant that switches SLA off gets 404 and no clocks', async () => {
    const c = await p.tenant()
    await setupTenant(c)
    await createPolicy(c, basic)
    expect((await c.api('PUT', '/api/plugins/sla', { enabled: false })).status).toBe(200)
    expect((await c.api('GET', '/api/sla/policies')).status).toBe(404)
    const ticket = await createTicket(c)
    expect(ticket.slaState).toBeNull()
    expect(await p.db.knex('sla_tickets').where({ tenant_id: c.tenantId }).count({ n: '*' })).toEqual([{ n: 0 }])
  })
})
