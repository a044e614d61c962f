import { describeDatabases } from '@scrm/store/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { flow, harness, instance, openTasks, path, publish, type RuntimeHarness, start, timeline, SETUP_MS } from './testing/flows.js'

const MIN = 60_000

describeDatabases('flow runtime: timers, SLA, events, subflows, scripts', (kind) => {
  let h: RuntimeHarness
  beforeAll(async () => { h = await harness(kind) }, SETUP_MS)
  afterAll(() => h?.p.close())

  it('a timer waits its duration on the controllable clock and fires once', async () => {
    await publish(h.t, flow('wait-2h', [['s', 'start'], ['wait', 'timer', { duration: 'PT2H' }], ['e', 'end']], [['s', 'wait'], ['wait', 'e']]))
    const i = await start(h.t, 'wait-2h')
    expect(await h.tick(119 * MIN)).toBe(0)
    expect((await instance(h.t, i.id)).status).toBe('running')
    expect(await h.tick(MIN)).toBe(1)
    expect((await instance(h.t, i.id)).status).toBe('completed')
    expect(await h.tick(10 * MIN)).toBe(0)
  })

  it('a timer until a date in the data', async () => {
    await publish(h.t, flow('visit', [['s', 'start'], ['wait', 'timer', { until: 'ticket.fields.visit_at' }], ['e', 'end']], [['s', 'wait'], ['wait', 'e']]))
    const at = new Date(h.clock.now().getTime() + 30 * MIN).toISOString()
    const i = await start(h.t, 'visit', { ticket: { fields: { visit_at: at } } })
    await h.tick(29 * MIN)
    expect((await instance(h.t, i.id)).status).toBe('running')
    await h.tick(MIN)
    expect((await instance(h.t, i.id)).status).toBe('completed')
  })

  it('an SLA boundary warns (task stays) and on breach interrupts the task and escalates', async () => {
    const agent = await h.t.user('agent')
    await publish(h.t, flow('sla', [
      ['s', 'start'], ['fix', 'userTask', { assign: { users: [agent.id] } }],
      ['sla', 'slaBoundary', { attachedTo: 'fix', target: 'PT1H', warnAt: '80%', interrupting: true }],
      ['warn', 'setFields', { set: { 'vars.warned': true } }], ['warned', 'end'],
      ['escalate', 'userTask', { assign: { role: 'supervisor' } }], ['e', 'end'],
    ], [['s', 'fix'], ['fix', 'e'], ['sla', 'warn', { on: 'warning' }], ['warn', 'warned'], ['sla', 'escalate', { on: 'breach' }], ['escalate', 'e']]))
    const i = await start(h.t, 'sla')
    await h.tick(47 * MIN)
    expect((await instance(h.t, i.id)).vars.warned).toBeUndefined()
    await h.tick(MIN) // 48 min = 80 % of 1 h
    const warned = await instance(h.t, i.id)
    expect(warned.vars.warned).toBe(true)
    expect((await openTasks(h.t, i.id)).map(t => t.nodeId)).toEqual(['fix'])
    await h.tick(12 * MIN)
    const tasks = await openTasks(h.t, i.id)
    expect(tasks.map(t => t.nodeId)).toEqual(['escalate'])
    const events = (await timeline(h.t, i.id)).map(e => e.event)
    expect(events).toContain('sla.warning')
    expect(events).toContain('sla.breach')
    expect(events).toContain('task.cancelled')
    expect((await h.t.api('POST', `/api/tasks/${tasks[0].id}/complete`, {})).status).toBe(403) // the admin is not in the supervisor pool
    const supervisor = await h.t.user('supervisor')
    expect((await supervisor.api('POST', `/api/tasks/${tasks[0].id}/complete`, {})).status).toBe(200)
    expect((await instance(h.t, i.id)).status).toBe('completed')
  })

  it('completing the task before the SLA disarms its timers', async () => {
    const agent = await h.t.user('agent')
    await publish(h.t, flow('sla-met', [
      ['s', 'start'], ['fix', 'userTask', { assign: { users: [agent.id] } }],
      ['sla', 'slaBoundary', { attachedTo: 'fix', target: 'PT1H' }], ['late', 'end'], ['e', 'end'],
    ], [['s', 'fix'], ['fix', 'e'], ['sla', 'late', { on: 'breach' }]]))
    const i = await start(h.t, 'sla-met')
    const [task] = await openTasks(h.t, i.id)
    await agent.api('POST', `/api/tasks/${task.id}/complete`, {})
    expect(await h.tick(2 * 60 * MIN)).toBe(0)
    expect(await path(h.t, i.id)).toEqual(['s', 'fix', 'e'])
  })

  it('waitForEvent resumes on POST /events with the payload; times out by its timeout edge', async () => {
    await publish(h.t, flow('reply', [
      ['s', 'start'], ['w', 'waitForEvent', { event: 'customer.reply', timeout: 'P1D' }],
      ['got', 'setFields', { set: { 'vars.answer': { var: 'vars.w.payload.text' } } }], ['e', 'end'], ['late', 'end'],
    ], [['s', 'w'], ['w', 'got'], ['got', 'e'], ['w', 'late', { on: 'timeout' }]]))
    const i = await start(h.t, 'reply')
    expect((await h.t.api('POST', `/api/instances/${i.id}/events`, { name: 'other' })).status).toBe(409)
    const res = await h.t.api('POST', `/api/instances/${i.id}/events`, { name: 'customer.reply', payload: { text: '好的' } })
    expect(res.body).toEqual({ delivered: 1 })
    const done = await instance(h.t, i.id)
    expect(done).toMatchObject({ status: 'completed', vars: { answer: '好的' } })
    expect((await h.t.api('POST', `/api/instances/${i.id}/events`, { name: 'customer.reply' })).status).toBe(409)
    expect(await h.tick(2 * 24 * 60 * MIN)).toBe(0) // the timeout timer was cancelled

    const j = await start(h.t, 'reply')
    await h.tick(24 * 60 * MIN)
    expect(await path(h.t, j.id)).toEqual(['s', 'w', 'late'])
  })

  it('a subflow runs as a child; the parent waits and maps its output', async () => {
    const agent = await h.t.user('agent')
    await publish(h.t, flow('quote', [
      ['s', 'start'], ['calc', 'setFields', { set: { 'vars.total': { '*': [{ var: 'vars.qty' }, 120] } } }],
      ['check', 'userTask', { assign: { users: [agent.id] } }], ['e', 'end'],
    ], [['s', 'calc'], ['calc', 'check'], ['check', 'e']]))
    await publish(h.t, flow('order', [
      ['s', 'start'], ['sub', 'subflow', { flowKey: 'quote', input: { qty: { var: 'vars.count' } }, output: { 'vars.price': 'total' } }], ['e', 'end'],
    ], [['s', 'sub'], ['sub', 'e']]))
    const i = await start(h.t, 'order', { count: 3 })
    expect((await instance(h.t, i.id)).status).toBe('running')
    const children = (await h.t.api('GET', '/api/instances?flowKey=quote')).body
    const child = children.find((c: { parentInstanceId: string }) => c.parentInstanceId === i.id)
    expect(child.vars).toMatchObject({ qty: 3, total: 360 })
    const [task] = await openTasks(h.t, child.id)
    await agent.api('POST', `/api/tasks/${task.id}/complete`, {})
    const done = await instance(h.t, i.id)
    expect(done).toMatchObject({ status: 'completed', vars: { count: 3, price: 360 } })
  })

  it('a failed subflow is an incident of its parent, routed by the parent error edge', async () => {
    await publish(h.t, flow('fragile', [['s', 'start'], ['x', 'script', { source: 'throw new Error("kaput")' }], ['e', 'end']], [['s', 'x'], ['x', 'e']]))
    await publish(h.t, flow('caller', [
      ['s', 'start'], ['sub', 'subflow', { flowKey: 'fragile' }], ['ok', 'end'], ['recover', 'setFields', { set: { 'vars.recovered': true } }], ['e2', 'end'],
    ], [['s', 'sub'], ['sub', 'ok'], ['sub', 'recover', { on: 'error' }], ['recover', 'e2']]))
    const i = await instance(h.t, (await start(h.t, 'caller')).id)
    expect(i).toMatchObject({ status: 'completed', vars: { recovered: true, $error: { nodeId: 'sub', code: 'subflow_failed' } } })
    expect(i.incidents[0].message).toContain('kaput')
  })

  it('a script node computes a field in the sandbox; a failing script is an incident routed by its error edge', async () => {
    await publish(h.t, flow('fee', [
      ['s', 'start'], ['calc', 'script', { source: 'return ticket.fields.hours * 80 + (customer.tier === "VIP" ? 0 : 50)', output: 'ticket.fields.fee' }], ['e', 'end'],
    ], [['s', 'calc'], ['calc', 'e']]))
    const i = await start(h.t, 'fee', { ticket: { fields: { hours: 3 } }, customer: { tier: 'normal' } })
    expect(i.status).toBe('completed')
    expect(i.vars.ticket.fields.fee).toBe(290)

    await publish(h.t, flow('loop', [
      ['s', 'start'], ['bad', 'script', { source: 'while (true) {}' }], ['e', 'end'], ['oops', 'setFields', { set: { 'vars.handled': true } }], ['e2', 'end'],
    ], [['s', 'bad'], ['bad', 'e'], ['bad', 'oops', { on: 'error' }], ['oops', 'e2']]))
    const j = await start(h.t, 'loop')
    const jd = await instance(h.t, j.id)
    expect(jd).toMatchObject({ status: 'completed', vars: { handled: true } })
    expect(jd.incidents[0]).toMatchObject({ nodeId: 'bad', code: 'script_timeout' })

    await publish(h.t, flow('throws', [['s', 'start'], ['bad', 'script', { source: 'throw new Error("no rate for region")' }], ['e', 'end']], [['s', 'bad'], ['bad', 'e']]))
    const k = await instance(h.t, (await start(h.t, 'throws')).id)
    expect(k.status).toBe('failed')
    expect(k.error).toMatchObject({ nodeId: 'bad', code: 'script_runtime' })
    expect(k.error.message).toContain('no rate for region')
    expect((await timeline(h.t, k.id)).map(e => e.event)).toEqual(['instance.started', 'node', 'node', 'incident', 'instance.failed'])
  })

  it('notify leaves through the outbox with a stable idempotency key and is delivered once', async () => {
    await publish(h.t, flow('tell', [
      ['s', 'start'], ['n', 'notify', { notifier: 'log', to: ['{{customer.phone}}'], subject: '工单 {{ticket.no}}', body: '已受理' }], ['e', 'end'],
    ], [['s', 'n'], ['n', 'e']]))
    const i = await start(h.t, 'tell', { ticket: { no: 'T-1' }, customer: { phone: '13800000000' } })
    const rows = await h.p.db.knex('outbox').where({ instance_id: i.id })
    expect(rows).toHaveLength(1)
    // Addresses are final; text keeps its placeholders with the values of the step's moment.
    expect(rows[0].payload).toMatchObject({ to: ['13800000000'], subject: '工单 {{ticket.no}}', variables: { 'ticket.no': 'T-1' } })
    await h.tick()
    const [row] = await h.p.db.knex('outbox').where({ instance_id: i.id })
    expect(row).toMatchObject({ status: 'delivered', attempts: 1 })
    expect(row.result).toEqual({ providerId: `log:${row.idempotency_key}` })
  })
})
