import type { TestUser } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { addRule, ok, type RoutingPlatform, routed, type Shop, shop, startRouting, ticket } from './test-helper.test-helper.js'

describeDatabases('routing rules, reasons, tags, overrides, flows', (kind) => {
  let p: RoutingPlatform
  let s: Shop
  let senior: TestUser
  let desk: TestUser
  let tech: TestUser

  beforeAll(async () => {
    p = await startRouting(kind)
    s = await shop(p, 1)
    const t = s.t
    ;[senior, desk, tech] = [await t.user('agent', 'senior'), await t.user('agent', 'desk'), await t.user('agent', 'tech')]
    for (const [key, who] of [['senior', senior], ['desk', desk], ['tech', tech]] as const) {
      const team = await ok(t.api('POST', '/api/org/teams', { key, name: key, supervisorId: s.sup.id }), 201)
      await ok(t.api('PUT', `/api/org/teams/${team.id}/members`, { userIds: [who.id] }))
    }
    await ok(t.api('POST', '/api/routing/dictionaries', { key: 'models', name: '型号', tagPrefix: 'model:', entries: [{ term: 'KFR-35GW' }] }), 201)
    await ok(t.api('POST', '/api/routing/dictionaries', { key: 'faults', name: '故障码', tagPrefix: 'fault:', entries: [{ term: 'E1' }, { term: 'F3' }] }), 201)
    // The seeds' rules, in order: VIP + 故障 → senior group (urgent); 物流咨询 → service desk; 产品故障 → technical team.
    await addRule(t, { name: 'VIP故障→高级组', when: { and: [{ var: 'customer.vip' }, { in: ['故障', { var: 'ticket.text' }] }] }, pool: { team: 'senior' }, raisePriority: 'urgent', tags: ['vip-fault'] })
    await addRule(t, { name: '物流咨询→服务台', keywords: ['物流', '快递'], pool: { team: 'desk' }, strategy: 'round-robin' })
    await addRule(t, { name: 'E1→技术组', when: { in: ['fault:E1', { var: 'ticket.tags' }] }, pool: { team: 'tech' } })
    await addRule(t, { name: '产品故障→技术组', keywords: ['故障'], pool: { team: 'tech' } })
  })
  afterAll(() => p?.close())

  it('VIP + 故障 → senior group, priority raised, rule tag; the reason is on the timeline and in the record', async () => {
    const vip = await ok(s.t.api('POST', '/api/customers', { name: '钱总', tier: 'VIP', phone: '13812345678' }), 201)
    const tk = await ticket(s.t, { title: '空调故障不制冷', customerId: vip.customer.id })
    expect(tk).toMatchObject({ assigneeId: senior.id, team: 'senior', priority: 'urgent' })
    const r = await routed(s.t, tk.id)
    expect(r).toMatchObject({
      outcome: 'assigned', source: 'rule', rule: { name: 'VIP故障→高级组' }, strategy: 'least-load', team: 'senior', assigneeId: senior.id,
      candidates: [{ userId: senior.id, name: 'senior', score: 1, why: '0/20 open' }], tags: ['vip-fault'], from: { assigneeId: null, priority: 'normal' },
    })
    const record = await ok(s.t.api('GET', `/api/routing/assignments/${r.assignmentId}`))
    expect(record).toMatchObject({ ticketId: tk.id, kind: 'auto', outcome: 'assigned', ruleName: 'VIP故障→高级组', assigneeId: senior.id, decision: { rule: { index: 0 }, poolSize: 1 } })
    expect((await ok(s.t.api('GET', `/api/routing/tickets/${tk.id}/tags`))).map((x: any) => [x.tag, x.source])).toEqual([['vip-fault', 'rule']])
  })

  it('物流咨询 → service desk (keyword); the same words from a non-VIP; no rule → recorded as unrouted', async () => {
    const tk = await ticket(s.t, { title: '物流咨询', description: '快递三天还没到' })
    expect(tk).toMatchObject({ assigneeId: desk.id, team: 'desk', priority: 'normal' })
    expect(await routed(s.t, tk.id)).toMatchObject({ rule: { name: '物流咨询→服务台', keyword: '物流' }, strategy: 'round-robin' })
    expect((await ticket(s.t, { title: '空调故障' })).assigneeId).toBe(tech.id)
    const none = await ticket(s.t, { title: '发票开错了' })
    expect(none).toMatchObject({ assigneeId: null, team: null })
    expect(await routed(s.t, none.id)).toMatchObject({ outcome: 'unrouted', source: 'none' })
  })

  it('keyword dictionaries tag on intake (whole codes only) and rules can use the tags', async () => {
    const tk = await ticket(s.t, { title: '外机不转', description: 'kfr-35gw 显示E1，之前报过 E12' })
    const tags = await ok(s.t.api('GET', `/api/routing/tickets/${tk.id}/tags`))
    expect(tags.map((x: any) => x.tag)).toEqual(['fault:E1', 'model:KFR-35GW'])
    expect(tags[0]).toMatchObject({ source: 'keyword', detail: 'faults:E1' })
    const tl = await ok(s.t.api('GET', `/api/tickets/${tk.id}/timeline`))
    expect(tl.events.map((e: any) => e.kind)).toEqual(['created', 'tagged', 'routed'])
    expect(tk.assigneeId).toBe(tech.id)
    expect((await routed(s.t, tk.id)).rule.name).toBe('E1→技术组')
  })

  it('a supervisor overrides with a reason (recorded); agents cannot; reasons and people are checked', async () => {
    const tk = await ticket(s.t, { title: '空调故障' })
    const res = await ok(s.t.api('POST', '/api/routing/override', { ticketId: tk.id, assigneeId: senior.id, team: 'senior', reason: '复杂病例交给资深工程师' }))
    expect(res).toMatchObject({ assigneeId: senior.id, team: 'senior' })
    expect(await ok(s.t.api('GET', `/api/tickets/${tk.id}`))).toMatchObject({ assigneeId: senior.id, team: 'senior' })
    const tl = (await ok(s.t.api('GET', `/api/tickets/${tk.id}/timeline`))).events
    expect(tl.at(-1)).toMatchObject({ kind: 'transferred', actor: { kind: 'user', id: s.t.id }, data: { reason: '复杂病例交给资深工程师', by: 'override', from: { assigneeId: tech.id }, to: { assigneeId: senior.id } } })
    const records = await ok(s.t.api('GET', `/api/routing/tickets/${tk.id}/assignments`))
    expect(records.map((r: any) => [r.kind, r.assigneeId, r.previousAssigneeId, r.reason])).toEqual([['override', senior.id, tech.id, '复杂病例交给资深工程师'], ['auto', tech.id, null, null]])
    expect((await tech.api('POST', '/api/routing/override', { ticketId: tk.id, assigneeId: tech.id, reason: 'mine' })).status).toBe(403)
    for (const [body, field] of [
      [{ ticketId: tk.id, assigneeId: senior.id, reason: '  ' }, '/reason'], [{ ticketId: tk.id, assigneeId: senior.id }, '/reason'],
      [{ ticketId: tk.id, assigneeId: tk.id, reason: 'x' }, '/assigneeId'], [{ ticketId: tk.id, assigneeId: null, team: 'nope', reason: 'x' }, '/team'],
    ] as const) {
      const bad = await s.t.api('POST', '/api/routing/override', body)
      expect(bad.status, JSON.stringify(body)).toBe(400)
      expect(JSON.stringify(bad.body.details)).toContain(field)
    }
  })

  it('escalation reassign: up the supervisor chain, or through the rules without the current assignee', async () => {
    const tk = await ticket(s.t, { title: '空调故障' })
    const scope = p.scope(s.t.tenantId)
    await p.routing.reassign(scope, tk.id, { supervisor: true }, { reason: '2 小时未响应' })
    expect((await ok(s.t.api('GET', `/api/tickets/${tk.id}`))).assigneeId).toBe(s.sup.id)
    const r = await p.routing.reassign(scope, tk.id, { pool: { team: 'tech' }, strategy: 'least-load' }, { reason: 'back to tech' })
    expect(r).toMatchObject({ decision: { outcome: 'assigned', assigneeId: tech.id } })
    const again = await p.routing.reassign(scope, tk.id, { rules: true }, { reason: 'SLA breach' })
    // The only technician is the current assignee: nobody else → the tech queue, supervisor told.
    expect(again).toMatchObject({ decision: { outcome: 'queued', team: 'tech', droppedCounts: { excluded: 1 } }, notified: [s.sup.id] })
    expect((await ok(s.t.api('GET', `/api/routing/tickets/${tk.id}/assignments`)))[0]).toMatchObject({ kind: 'reassign', reason: 'SLA breach', outcome: 'queued' })
  })

  it('preview decides without writing; re-route by hand records kind reassign', async () => {
    const before = Number((await p.db.knex('routing_assignments').where({ tenant_id: s.t.tenantId }).count({ n: '*' }))[0].n)
    const d = await ok(s.t.api('POST', '/api/routing/preview', { ticket: { title: '快递丢了', customer: { tier: 'SVIP' } } }))
    expect(d).toMatchObject({ outcome: 'assigned', rule: { name: '物流咨询→服务台' }, assigneeId: desk.id })
    expect(Number((await p.db.knex('routing_assignments').where({ tenant_id: s.t.tenantId }).count({ n: '*' }))[0].n)).toBe(before)
    const tk = await ticket(s.t, { title: '发票' })
    const res = await ok(s.t.api('POST', `/api/routing/tickets/${tk.id}/route`, { direct: { pool: { team: 'desk' }, strategy: 'least-load' }, reason: '财务问题归服务台' }))
    expect(res.decision).toMatchObject({ outcome: 'assigned', assigneeId: desk.id, source: 'direct' })
    expect(await routed(s.t, tk.id)).toMatchObject({ kind: 'reassign', reason: '财务问题归服务台' })
  })

  it('flows: assign { strategy, team } and assign { rules: true } get their assignee from routing', async () => {
    const flow = {
      key: 'routed-repair', version: 1,
      nodes: [
        { id: 'start', type: 'start' },
        { id: 'triage', type: 'userTask', config: { title: '分诊', assign: { strategy: 'least-load', team: 'desk' } } },
        { id: 'fix', type: 'userTask', config: { title: '处理', assign: { rules: true } } },
        { id: 'end', type: 'end' },
      ],
      edges: [{ id: 'e1', from: 'start', to: 'triage' }, { id: 'e2', from: 'triage', to: 'fix' }, { id: 'e3', from: 'fix', to: 'end' }],
    }
    const created = await ok(s.t.api('POST', '/api/flows', { key: flow.key, name: '派单流程', graph: flow }), 201)
    await ok(s.t.api('POST', `/api/flows/${created.id}/publish`), 201)
    await ok(s.t.api('POST', '/api/ticket-types', { key: 'flowed', name: { 'zh-CN': '流程单', 'en-US': 'Flowed' }, flowKey: flow.key }), 201)
    const tk = await ok(s.t.api('POST', '/api/tickets', { typeKey: 'flowed', title: '空调故障 E1' }), 201)
    expect(tk).toMatchObject({ assigneeId: desk.id, team: 'desk' })
    const [triage] = (await ok(desk.api('GET', '/api/tasks?mine=1')))
    expect(triage).toMatchObject({ title: '分诊' })
    expect(await routed(s.t, tk.id)).toMatchObject({ source: 'direct', strategy: 'least-load', nodeId: 'triage' })
    await ok(desk.api('POST', `/api/tasks/${triage.id}/complete`, {}))
    // The rules see the intake tags (fault:E1 → 技术组).
    expect((await ok(s.t.api('GET', `/api/tickets/${tk.id}`))).assigneeId).toBe(tech.id)
    expect(await routed(s.t, tk.id)).toMatchObject({ source: 'rule', rule: { name: 'E1→技术组' }, nodeId: 'fix' })
    const [fix] = await ok(tech.api('GET', '/api/tasks?mine=1'))
    expect(fix).toMatchObject({ title: '处理' })
    // An override moves the open task too, so the new person can complete it.
    await ok(s.t.api('POST', '/api/routing/override', { ticketId: tk.id, assigneeId: senior.id, reason: '升级处理' }))
    expect((await ok(senior.api('GET', '/api/tasks?mine=1'))).map((x: any) => x.id)).toContain(fix.id)
  })
})
