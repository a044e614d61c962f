import { describe, expect, it } from 'vitest'
import { autoReplyReason } from './auto-reply.js'

const headers = (h: Record<string, unknown>) => (name: string) => h[name]

describe('auto-reply detection', () => {
  it('names the marker that makes a mail machine mail', () => {
    expect(autoReplyReason(headers({ 'auto-submitted': 'auto-replied' }), 'a@x.cn')).toBe('Auto-Submitted: auto-replied')
    expect(autoReplyReason(headers({ 'auto-submitted': 'auto-generated' }), 'a@x.cn')).toBe('Auto-Submitted: auto-generated')
    expect(autoReplyReason(headers({ precedence: 'junk' }), 'a@x.cn')).toBe('Precedence: junk')
    expect(autoReplyReason(headers({ precedence: 'list' }), 'a@x.cn')).toBe('Precedence: list')
    expect(autoReplyReason(headers({ 'x-autoreply': 'yes' }), 'a@x.cn')).toBe('x-autoreply: yes')
    expect(autoReplyReason(headers({ 'x-autorespond': 'vacation' }), 'a@x.cn')).toBe('x-autorespond: vacation')
    expect(autoReplyReason(headers({}), 'MAILER-DAEMON@x.cn')).toBe('sender MAILER-DAEMON@x.cn')
    expect(autoReplyReason(headers({}), 'postmaster@x.cn')).toBe('sender postmaster@x.cn')
    expect(autoReplyReason(headers({ 'content-type': { value: 'multipart/report', params: { 'report-type': 'delivery-status' } } }), 'a@x.cn')).toBe('delivery report')
  })

  it('lets a person\'s mail through, including ones Outlook marks to suppress auto-responses', () => {
    expect(autoReplyReason(headers({ 'auto-submitted': 'no' }), 'li@x.cn')).toBeUndefined()
    expect(autoReplyReason(headers({ precedence: 'normal', 'x-auto-response-suppress': 'All' }), 'li@x.cn')).toBeUndefined()
    expect(autoReplyReason(headers({ 'content-type': { value: 'text/plain' } }), 'daemon.fan@x.cn')).toBeUndefined()
  })
})
