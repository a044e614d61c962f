import { describe, expect, it } from 'vitest'
import { readMailboxes } from './config.js'
import { replyText, subjectTag, taggedNumber } from './threading.js'

describe('threading helpers', () => {
  it('finds the ticket number tag wherever "Re:"/"回复：" prefixes put it', () => {
    expect(subjectTag('GD-20261201-0001')).toBe('[#GD-20261201-0001]')
    expect(taggedNumber('Re: 打印机卡纸 [#GD-20261201-0001]')).toBe('GD-20261201-0001')
    expect(taggedNumber('回复：[#GD-20261201-12345] 补充')).toBe('GD-20261201-12345')
    expect(taggedNumber('订单 #GD-20261201-0001')).toBeUndefined()
    expect(taggedNumber('[#<script>]')).toBeUndefined()
  })

  it('keeps the new text of a reply, not the quoted mail', () => {
    expect(replyText('换了硒鼓还是卡纸。\n\nOn Tue, Dec 1, 2026 at 10:00 AM 客服 <s@a.cn> wrote:\n> 您好')).toBe('换了硒鼓还是卡纸。')
    expect(replyText('好的\n\n在 2026年12月1日 10:00，客服 写道：\n> 您好')).toBe('好的')
    expect(replyText('收到\n------------------ 原始邮件 ------------------\n发件人: 客服')).toBe('收到')
    expect(replyText('第一行\n> 引用\n第二行')).toBe('第一行\n第二行')
    // A mail that is all quote keeps its text rather than becoming empty.
    expect(replyText('> 只有引用')).toBe('> 只有引用')
  })
})

describe('mailbox config', () => {
  it('defaults and checks each entry, naming the one that is wrong', () => {
    expect(readMailboxes({})).toEqual([])
    expect(readMailboxes({ mailboxes: [{ tenant: 'demo', port: 2525, typeKey: 'email', address: 'Support@Demo.cn' }] })).toEqual([
      { tenant: 'demo', address: 'support@demo.cn', host: '127.0.0.1', port: 2525, typeKey: 'email', maxMessageBytes: 25 * 1024 * 1024, acknowledge: false, mailReplies: false },
    ])
    expect(() => readMailboxes({ mailboxes: [{ port: 25, typeKey: 'x' }] })).toThrow('mailboxes[0].tenant')
    expect(() => readMailboxes({ mailboxes: [{ tenant: 'a', port: 70000, typeKey: 'x' }] })).toThrow('mailboxes[0].port')
    expect(() => readMailboxes({ mailboxes: [{ tenant: 'a', port: 25 }] })).toThrow('mailboxes[0].typeKey')
    expect(() => readMailboxes({ mailboxes: [{ tenant: 'a', port: 25, typeKey: 'x' }, { tenant: 'b', port: 25, typeKey: 'x' }] })).toThrow('mailboxes[1]: 127.0.0.1:25 is used by another mailbox')
  })
})
