import { describe, expect, it } from 'vitest'
import { holdUntil } from './quiet-hours.js'
import { renderSubject, renderTemplate } from './template.js'
import { BUILT_IN_TEMPLATES } from './templates.js'

const vars = {
  ticket: { number: 'GD-20251009-0042', title: '空调不制冷' },
  customer: { name: '张三' },
  sla: { dueAt: new Date('2025-10-09T02:00:00Z') }, // 10:00 Beijing
  url: 'https://scrm.example/t/42',
}
const tz = 'Asia/Shanghai'

describe('templates', () => {
  it('renders the built-in SLA warning in Chinese, with the due time in Beijing time', () => {
    const t = BUILT_IN_TEMPLATES['sla.warning']
    expect(renderSubject(t.subject['zh-CN'], vars, { locale: 'zh-CN', timeZone: tz })).toBe('【即将超时】工单 GD-20251009-0042：空调不制冷')
    expect(renderTemplate(t.body['zh-CN'], vars, { locale: 'zh-CN', timeZone: tz, format: 'text' }))
      .toBe('客户 张三 的工单「空调不制冷」将于 2025年10月9日 10:00 超时，请尽快处理。\nhttps://scrm.example/t/42')
  })

  it('takes the flow designer\'s placeholder paths (with $ and -) from flat keys', () => {
    const flat = { 'vars.order-no': 'A-1', 'form.$total': 42 }
    expect(renderTemplate('{{vars.order-no}} / {{ form.$total }}', flat, { locale: 'zh-CN', timeZone: tz, format: 'text' })).toBe('A-1 / 42')
  })

  it('renders the same template in English for an en-US reader', () => {
    const t = BUILT_IN_TEMPLATES['sla.warning']
    expect(renderSubject(t.subject['en-US'], vars, { locale: 'en-US', timeZone: tz })).toBe('[SLA warning] Ticket GD-20251009-0042: 空调不制冷')
    expect(renderTemplate(t.body['en-US'], vars, { locale: 'en-US', timeZone: tz, format: 'text' }))
      .toBe('Ticket "空调不制冷" from 张三 is due Oct 9, 2025, 10:00. Please act now.\nhttps://scrm.example/t/42')
  })

  it('shows dates in the tenant zone, with filters', () => {
    const at = { at: '2025-10-08T16:30:00Z' }
    expect(renderTemplate('{{at | datetime}} / {{at | date}} / {{at | time}}', at, { locale: 'zh-CN', timeZone: tz, format: 'text' }))
      .toBe('2025年10月9日 00:30 / 2025年10月9日 / 00:30')
    expect(renderTemplate('{{at | time}}', at, { locale: 'en-US', timeZone: 'America/New_York', format: 'text' })).toBe('12:30')
    // ISO instants (dates after a trip through JSON) are dates too; other strings are left alone.
    expect(renderTemplate('{{at}} {{code}}', { ...at, code: '2025-10-09' }, { locale: 'zh-CN', timeZone: tz, format: 'text' })).toBe('2025年10月9日 00:30 2025-10-09')
  })

  it('escapes values per channel: markdown robots, html email; literal markup survives', () => {
    const evil = { customer: { name: '**[点我](http://evil.example)** <font color="warning">x</font>\n# 标题' } }
    const md = renderTemplate('客户 **{{customer.name}}**', evil, { locale: 'zh-CN', timeZone: tz, format: 'markdown' })
    expect(md).toBe('客户 **\\*\\*\\[点我\\]\\(http://evil.example\\)\\*\\* &lt;font color="warning"&gt;x&lt;/font&gt; \\# 标题**')
    const html = renderTemplate('客户 **{{customer.name}}**\n谢谢', evil, { locale: 'zh-CN', timeZone: tz, format: 'html' })
    expect(html).toBe('客户 <strong>**[点我](http://evil.example)** &lt;font color=&quot;warning&quot;&gt;x&lt;/font&gt;\n# 标题</strong><br>\n谢谢')
    const text = renderTemplate('客户 **{{customer.name}}**', { customer: { name: 'A*B' } }, { locale: 'zh-CN', timeZone: tz, format: 'text' })
    expect(text).toBe('客户 A*B')
  })

  it('renders missing variables empty and keeps subjects on one line', () => {
    expect(renderTemplate('[{{nope.x}}]', {}, { locale: 'zh-CN', timeZone: tz, format: 'text' })).toBe('[]')
    expect(renderSubject('{{t}}', { t: '第一行\r\nBcc: x@evil' }, { locale: 'zh-CN', timeZone: tz })).toBe('第一行 Bcc: x@evil')
    expect(renderTemplate('{{ticket.title}}', { 'ticket.title': 'flat' }, { locale: 'zh-CN', timeZone: tz, format: 'text' })).toBe('flat')
  })
})

describe('quiet hours', () => {
  const q = { enabled: true, start: '22:00', end: '08:00' }
  const bj = (s: string) => new Date(`${s}+08:00`)

  it('holds non-urgent messages between 22:00 and 08:00 (Beijing) until 08:00', () => {
    expect(holdUntil(q, bj('2025-10-09T23:00:00'), tz, false)?.toISOString()).toBe(bj('2025-10-10T08:00:00').toISOString())
    expect(holdUntil(q, bj('2025-10-10T07:59:00'), tz, false)?.toISOString()).toBe(bj('2025-10-10T08:00:00').toISOString())
    expect(holdUntil(q, bj('2025-10-09T22:00:00'), tz, false)?.toISOString()).toBe(bj('2025-10-10T08:00:00').toISOString())
    expect(holdUntil(q, bj('2025-10-09T21:59:00'), tz, false)).toBeUndefined()
    expect(holdUntil(q, bj('2025-10-10T08:00:00'), tz, false)).toBeUndefined()
  })

  it('lets urgent messages through, and does nothing when disabled', () => {
    expect(holdUntil(q, bj('2025-10-09T23:00:00'), tz, true)).toBeUndefined()
    expect(holdUntil({ ...q, enabled: false }, bj('2025-10-09T23:00:00'), tz, false)).toBeUndefined()
  })

  it('uses the tenant zone and windows that do not cross midnight', () => {
    // 23:00 in Beijing is 15:00 UTC: quiet in Shanghai, not in London.
    expect(holdUntil(q, new Date('2025-10-09T15:00:00Z'), 'Europe/London', false)).toBeUndefined()
    const siesta = { enabled: true, start: '12:00', end: '14:00' }
    expect(holdUntil(siesta, bj('2025-10-09T13:00:00'), tz, false)?.toISOString()).toBe(bj('2025-10-09T14:00:00').toISOString())
    expect(holdUntil(siesta, bj('2025-10-09T23:00:00'), tz, false)).toBeUndefined()
  })
})
