import { describe, expect, it } from 'vitest'
import type { JsonSchema } from './schema.js'
import { around, expectOnly, node, task } from './test-helpers.js'
import { defaultParseScript, validate } from './validate.js'

describe('validate: node configs', () => {
  it('task_without_assignment: user task without assign rule', () => {
    expectOnly(validate(around(task('t', {}))), { code: 'task_without_assignment', severity: 'error', nodeId: 't', field: 'assign' })
    expectOnly(validate(around(task('t', { assign: {} }))), { code: 'task_without_assignment', nodeId: 't', field: 'assign' })
    expectOnly(validate(around(node('t', 'userTask'))), { code: 'task_without_assignment', nodeId: 't', field: 'assign' })
  })

  it('task_without_assignment: approval level without approvers', () => {
    const a = node('a', 'approval', { levels: [{ approvers: { role: 'lead' }, mode: 'any' }, { mode: 'all' }] })
    expectOnly(validate(around(a)), { code: 'task_without_assignment', nodeId: 'a', field: 'levels[1].approvers' })
  })

  it('script_parse_error with the default parser', () => {
    const d = expectOnly(validate(around(node('sc', 'script', { source: 'return (1 +' }))),
      { code: 'script_parse_error', severity: 'error', nodeId: 'sc', field: 'source' })
    expect(d.message['en-US']).toMatch(/does not parse/)
    expect(validate(around(node('sc', 'script', { source: 'const x = vars.a ?? 1\nreturn x * 2' })))).toEqual([])
  })

  it('script_parse_error with a supplied parser (the server sandbox)', () => {
    const ir = around(node('sc', 'script', { source: 'return 1' }))
    const parseScript = (src: string) => (src.includes('return') ? 'no return allowed here' : undefined)
    const d = expectOnly(validate(ir, { parseScript }), { code: 'script_parse_error', nodeId: 'sc' })
    expect(d.message['zh-CN']).toContain('no return allowed here')
    // A parser that cannot check (undefined) never blocks.
    expect(validate(around(node('sc', 'script', { source: 'return (' })), { parseScript: () => undefined })).toEqual([])
  })

  it('defaultParseScript compiles but never runs the source', () => {
    expect(defaultParseScript('globalThis.__ran = true; return 1')).toBeUndefined()
    expect((globalThis as Record<string, unknown>).__ran).toBeUndefined()
    expect(defaultParseScript('}')).toMatch(/Unexpected/)
  })

  it('missing_config: timer with neither duration nor until', () => {
    expectOnly(validate(around(node('tm', 'timer', {}))), { code: 'missing_config', severity: 'error', nodeId: 'tm', field: 'duration' })
    expect(validate(around(node('tm', 'timer', { until: 'ticket.fields.visit_at' })))).toEqual([])
  })

  it('missing_config: subflow without flowKey, notify without notifier, empty script', () => {
    expectOnly(validate(around(node('sf', 'subflow', {}))), { code: 'missing_config', nodeId: 'sf', field: 'flowKey' })
    const notify = node('nt', 'notify', { to: ['customer'], subject: '通知', body: '您好' })
    expectOnly(validate(around(notify)), { code: 'missing_config', nodeId: 'nt', field: 'notifier' })
    expectOnly(validate(around(node('sc', 'script', { source: '  ' }))), { code: 'missing_config', nodeId: 'sc', field: 'source' })
    expectOnly(validate(around(node('a', 'approval', { levels: [] }))), { code: 'missing_config', nodeId: 'a', field: 'levels' })
    expectOnly(validate(around(node('w', 'waitForEvent'))), { code: 'missing_config', nodeId: 'w', field: 'event' })
  })

  it('invalid_duration: timer, task SLA, event timeout, warnAt', () => {
    expectOnly(validate(around(node('tm', 'timer', { duration: 'PT2X' }))),
      { code: 'invalid_duration', severity: 'error', nodeId: 'tm', field: 'duration' })
    const sla = task('t', { assign: { role: 'a' }, sla: { target: 'P1M' } })
    const d = expectOnly(validate(around(sla)), { code: 'invalid_duration', nodeId: 't', field: 'sla.target' })
    expect(d.message['en-US']).toMatch(/months/)
    expectOnly(validate(around(node('w', 'waitForEvent', { event: 'customer.reply', timeout: '2h' }))),
      { code: 'invalid_duration', nodeId: 'w', field: 'timeout' })
    const warn = task('t', { assign: { role: 'a' }, sla: { target: 'PT1H', warnAt: 'PT2H' } })
    expectOnly(validate(around(warn)), { code: 'invalid_duration', nodeId: 't', field: 'sla.warnAt' })
    const pct = task('t', { assign: { role: 'a' }, sla: { target: 'PT1H', warnAt: '120%' } })
    expectOnly(validate(around(pct)), { code: 'invalid_duration', nodeId: 't', field: 'sla.warnAt' })
  })

  it('invalid_config: wrong type, enum, range, target path', () => {
    const mode = node('a', 'approval', { levels: [{ approvers: { role: 'm' }, mode: 'some' }] })
    expectOnly(validate(around(mode)), { code: 'invalid_config', nodeId: 'a', field: 'levels[0].mode' })
    expectOnly(validate(around(node('tm', 'timer', { duration: 3600 }))), { code: 'invalid_config', field: 'duration' })
    expectOnly(validate(around(node('sc', 'script', { source: 'return 1', timeoutMs: 0 }))), { code: 'invalid_config', field: 'timeoutMs' })
    expectOnly(validate(around(node('sf', 'setFields', { set: { 'customer.tier': 'VIP' } }))),
      { code: 'invalid_config', nodeId: 'sf', field: 'set["customer.tier"]' })
    expectOnly(validate(around(node('x', 'timer', 'PT1H' as never))), { code: 'invalid_config', field: 'config' })
  })

  it('invalid_condition inside config expressions', () => {
    const sf = node('sf', 'setFields', { set: { 'ticket.priority': { if: [{ '==': [{ var: 'custmer.tier' }, 'VIP'] }, 'high', 'normal'] } } })
    expectOnly(validate(around(sf)), { code: 'invalid_condition', nodeId: 'sf', field: 'set["ticket.priority"]' })
    // A literal object value is data, not logic.
    expect(validate(around(node('sf', 'setFields', { set: { 'ticket.fields.addr': { city: '上海', street: '南京路' } } })))).toEqual([])
  })

  it('plugin node configs are checked by their schema', () => {
    const schema: JsonSchema = {
      type: 'object', required: ['script', 'wait'],
      properties: { script: { type: 'string', 'x-widget': 'script' }, wait: { type: 'string', 'x-widget': 'duration' } },
    }
    const opts = { knownNodeTypes: ['robotCall'], configSchemas: { robotCall: schema } }
    expectOnly(validate(around(node('r', 'robotCall', { script: 'return 1' })), opts), { code: 'missing_config', field: 'wait' })
    expectOnly(validate(around(node('r', 'robotCall', { script: 'return 1', wait: 'soon' })), opts), { code: 'invalid_duration' })
  })
})
