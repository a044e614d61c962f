import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSmtp } from '../loopback.test-helper.js'
import { emailNotifier, IDEMPOTENCY_HEADER, messageIdFor } from './email.js'

type Smtp = Awaited<ReturnType<typeof startSmtp>>

describe('email over SMTP (real smtp-server on loopback)', () => {
  let smtp: Smtp
  beforeAll(async () => { smtp = await startSmtp() })
  afterAll(() => smtp.close())

  const config = () => ({ host: '127.0.0.1', port: smtp.port, user: smtp.credentials.user, pass: smtp.credentials.pass, from: 'robot@example.cn', fromName: '工单流通知' })
  const key = 'sla:ticket-42:warning:email:zhangsan@example.cn'

  it('delivers a UTF-8 Chinese subject, text and HTML parts, Message-ID and idempotency header', async () => {
    const result = await emailNotifier().send({
      to: ['zhangsan@example.cn'],
      subject: '【即将超时】工单 GD-42：空调不制冷',
      body: '客户 张三 的工单将于 2025年10月9日 10:00 超时。',
      html: '客户 <strong>张三</strong> 的工单将于 2025年10月9日 10:00 超时。',
      idempotencyKey: key,
      event: 'sla.warning',
      urgent: true,
    }, config())

    expect(smtp.mails).toHaveLength(1)
    const mail = smtp.mails[0]
    expect(mail.user).toBe(smtp.credentials.user) // logged in
    expect(mail.from).toBe('robot@example.cn')
    expect(mail.to).toEqual(['zhangsan@example.cn'])

    // On the wire the subject is RFC 2047 encoded-words in UTF-8; decoded it is the Chinese text.
    const rawSubject = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(mail.raw)![1]
    expect(rawSubject).toMatch(/^=\?UTF-8\?[BQ]\?/i)
    expect(rawSubject).not.toContain('即将超时')
    const p = mail.parsed
    expect(p.subject).toBe('【即将超时】工单 GD-42：空调不制冷')
    expect(p.from?.value).toEqual([{ address: 'robot@example.cn', name: '工单流通知' }])
    expect((p.to as { value: unknown[] }).value).toEqual([{ address: 'zhangsan@example.cn', name: '' }])
    expect(p.messageId).toBe(messageIdFor(key, 'robot@example.cn'))
    expect(result).toEqual({ providerId: messageIdFor(key, 'robot@example.cn') })
    expect(p.headers.get(IDEMPOTENCY_HEADER.toLowerCase())).toBe(key)
    expect(p.headers.get('x-scrm-event')).toBe('sla.warning')
    expect(mail.raw).toMatch(/^X-Priority: 1 \(Highest\)$/m) // urgent → high priority
    expect(p.text?.trim()).toBe('客户 张三 的工单将于 2025年10月9日 10:00 超时。')
    expect(p.html).toContain('客户 <strong>张三</strong>')
    // Each part declares UTF-8.
    const charsets = [...mail.raw.matchAll(/Content-Type: text\/(plain|html); charset=([\w-]+)/gi)].map(m => [m[1], m[2].toLowerCase()])
    expect(charsets).toEqual([['plain', 'utf-8'], ['html', 'utf-8']])
  })

  it('a reply in a customer\'s thread carries In-Reply-To and References (and Auto-Submitted when machine-made)', async () => {
    await emailNotifier().send({
      to: ['li@example.cn'], subject: 'Re: 打印机卡纸 [#GD-20261201-0001]', body: '已收到', idempotencyKey: 'ack-1',
      thread: { inReplyTo: '<c2@mail.example.cn>', references: ['<c1@mail.example.cn>', '<c2@mail.example.cn>'] },
      autoSubmitted: 'auto-replied',
    }, config())
    const p = smtp.mails.at(-1)!.parsed
    expect(p.headers.get('auto-submitted')).toBe('auto-replied')
    expect(p.inReplyTo).toBe('<c2@mail.example.cn>')
    expect(p.references).toEqual(['<c1@mail.example.cn>', '<c2@mail.example.cn>'])
    expect(p.messageId).toBe(messageIdFor('ack-1', 'robot@example.cn'))
  })

  it('the same idempotency key gives the same Message-ID on a retry', () => {
    expect(messageIdFor(key, 'robot@example.cn')).toBe(messageIdFor(key, 'robot@example.cn'))
    expect(messageIdFor(key, 'robot@example.cn')).toMatch(/^<[0-9a-f]{32}@example\.cn>$/)
  })

  it('a refused login is a permanent failure; a server that is down is retryable', async () => {
    const wrong = await emailNotifier().send({ to: ['a@example.cn'], subject: 's', body: 'b', idempotencyKey: 'k1' }, { ...config(), pass: 'wrong' }).catch(e => e)
    expect(wrong).toMatchObject({ retryable: false })
    const down = await emailNotifier({ timeoutMs: 2000 }).send({ to: ['a@example.cn'], subject: 's', body: 'b', idempotencyKey: 'k2' }, { ...config(), port: 1 }).catch(e => e)
    expect(down).toMatchObject({ retryable: true })
  })
})
