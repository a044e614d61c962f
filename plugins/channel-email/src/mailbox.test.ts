import type { TestTenant } from '@scrm/server/testing'
import { describeDatabases } from '@scrm/store/testing'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startSmtp } from '../../notify/src/loopback.test-helper.js'
import { type MailboxSpec, smtpClient, startMailPlatform } from './mail-platform.test-helper.js'

const A = 'support@a.example.cn'
const B = 'help@b.example.cn'
const MAX = 200 * 1024
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), Buffer.alloc(600, 7)])
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0)])
const specs: MailboxSpec[] = [{ address: A, maxMessageBytes: MAX, acknowledge: true, mailReplies: true }, { address: B }]

describeDatabases('email channel: real SMTP sessions on loopback', (kind) => {
  let p: Awaited<ReturnType<typeof startMailPlatform>>
  let sink: Awaited<ReturnType<typeof startSmtp>>
  let a: TestTenant
  let b: TestTenant
  const send = (opts: Record<string, unknown>, port = p.ports[0]) => smtpClient(port).sendMail({ to: A, ...opts })
  const tickets = async (t: TestTenant) => { const r = await t.api('GET', '/api/tickets?channel=email&limit=100'); return (r.body.items ?? r.body) as Array<Record<string, any>> }
  const comments = async (t: TestTenant, id: string) => (await t.api('GET', `/api/tickets/${id}/comments`)).body as Array<Record<string, any>>
  const byTitle = async (t: TestTenant, title: string) => (await tickets(t)).filter(x => x.title === title)
  /**
   * The acknowledgement mails delivered to the sink, once no delivery is pending (the server's
   * own outbox worker may be the one sending them).
   */
  const acks = async () => {
    for (let i = 0; i < 100; i++) {
      await p.drainOutbox()
      const pending = await p.db.knex('notify_deliveries').where({ tenant_id: a.tenantId, status: 'queued' }).first('id')
      if (!pending) return sink.mails
      await new Promise(r => setTimeout(r, 50))
    }
    throw new Error('notifications still queued after 5 s')
  }

  beforeAll(async () => {
    sink = await startSmtp({ user: 'robot@a.example.cn', pass: 'smtp-pass' })
    p = await startMailPlatform(kind, specs)
    ;[a, b] = p.tenants
    const ch = await a.api('POST', '/api/notify/channels', { key: 'smtp', name: '客服邮箱', notifier: 'email', isDefault: true, config: { host: '127.0.0.1', port: sink.port, user: 'robot@a.example.cn', pass: 'smtp-pass', from: A, fromName: '售后客服' } })
    expect(ch.status, JSON.stringify(ch.body)).toBe(201)
  })
  afterAll(async () => {
    await p?.cleanup()
    await sink?.close()
  })

  it('a new mail makes a ticket: subject → title, text → description, customer by sender address; the acknowledgement threads to it', async () => {
    await send({ from: '"李雷" <li.lei@customer.cn>', subject: '打印机卡纸', text: '办公室的打印机一直卡纸，型号 HP M404。', messageId: '<first-1@customer.cn>' })
    const [t] = await byTitle(a, '打印机卡纸')
    expect(t).toMatchObject({ channel: 'email', typeKey: 'email-enquiry', description: '办公室的打印机一直卡纸，型号 HP M404。' })
    const customer = (await a.api('GET', `/api/customers/${t.customerId}`)).body
    expect(customer.customer.name).toBe('李雷')
    expect(customer.identities.map((i: { kind: string, value: string }) => [i.kind, i.value])).toEqual([['email', 'li.lei@customer.cn']])
    expect(JSON.stringify(customer)).toContain('li.lei@customer.cn')

    const mails = await acks()
    expect(mails).toHaveLength(1)
    const ack = mails[0]
    expect(ack.to).toEqual(['li.lei@customer.cn'])
    expect(ack.parsed.subject).toBe(`Re: 打印机卡纸 [#${t.number}]`)
    expect(ack.parsed.inReplyTo).toBe('<first-1@customer.cn>')
    expect(ack.parsed.references).toBe('<first-1@customer.cn>')
    expect(ack.parsed.messageId).toMatch(/^<[0-9a-f]{32}@a\.example\.cn>$/)
    expect(ack.parsed.headers.get('auto-submitted')).toBe('auto-replied')
  })

  it('a reply by In-Reply-To (to our acknowledgement) lands on the same ticket as a public comment, no new ticket, nothing sent', async () => {
    const [t] = await byTitle(a, '打印机卡纸')
    const ack = sink.mails[0].parsed
    const before = { tickets: await p.count('tickets', a.tenantId), deliveries: await p.count('notify_deliveries', a.tenantId) }
    await send({
      from: '"李雷" <li.lei@customer.cn>', subject: `Re: ${ack.subject}`, inReplyTo: ack.messageId, references: ['<first-1@customer.cn>', ack.messageId!],
      text: `换了硒鼓还是卡纸。\n\n在 2026年12月1日 10:00，售后客服 写道：\n> 您好，我们已收到您的邮件`,
    })
    expect(await p.count('tickets', a.tenantId)).toBe(before.tickets)
    expect((await comments(a, t.id)).map(c => [c.body, c.visibility])).toEqual([['换了硒鼓还是卡纸。', 'public']])
    expect(await p.count('notify_deliveries', a.tenantId)).toBe(before.deliveries)
  })

  it('a reply found only by the subject tag: public from the customer, internal from anyone else', async () => {
    const [t] = await byTitle(a, '打印机卡纸')
    await send({ from: 'li.lei@customer.cn', subject: `回复：[#${t.number}] 补充照片说明`, text: '照片见附件。' })
    await send({ from: 'stranger@elsewhere.cn', subject: `[#${t.number}]`, text: '我也遇到这个问题' })
    const list = await comments(a, t.id)
    expect(list.slice(1).map(c => [c.body, c.visibility])).toEqual([['照片见附件。', 'public'], ['我也遇到这个问题', 'internal']])
    expect(await byTitle(a, '补充照片说明')).toHaveLength(0)
  })

  it('a GBK body with a GB2312 encoded-word subject decodes to the right Chinese', async () => {
    const subject = `=?GB2312?B?${iconv.encode('空调不制冷', 'gb2312').toString('base64')}?=`
    const name = `=?GBK?B?${iconv.encode('王芳', 'gbk').toString('base64')}?=`
    const body = iconv.encode('客厅空调开机后只吹风，显示 E1 故障码。地址：深圳市南山区。', 'gbk').toString('base64')
    const raw = [
      `From: ${name} <wang.fang@customer.cn>`, `To: ${A}`, `Subject: ${subject}`, 'Message-ID: <gbk-1@customer.cn>', 'Date: Tue, 01 Dec 2026 10:00:00 +0800',
      'MIME-Version: 1.0', 'Content-Type: text/plain; charset=GBK', 'Content-Transfer-Encoding: base64', '', body, '',
    ].join('\r\n')
    expect(raw).not.toContain('空调')
    await smtpClient(p.ports[0]).sendMail({ envelope: { from: 'wang.fang@customer.cn', to: [A] }, raw })
    const [t] = await byTitle(a, '空调不制冷')
    expect(t.description).toBe('客厅空调开机后只吹风，显示 E1 故障码。地址：深圳市南山区。')
    expect((await a.api('GET', `/api/customers/${t.customerId}`)).body.customer.name).toBe('王芳')
  })

  it('auto-replies and bounces are recorded but make no ticket, no comment and send nothing', async () => {
    const [t] = await byTitle(a, '打印机卡纸')
    const ack = sink.mails[0].parsed
    await acks() // acknowledgements of the tickets made so far are out
    const before = { tickets: await p.count('tickets', a.tenantId), comments: await p.count('ticket_comments', a.tenantId), deliveries: await p.count('notify_deliveries', a.tenantId), sent: sink.mails.length }
    const auto = [
      { from: 'li.lei@customer.cn', subject: `自动回复: Re: 打印机卡纸 [#${t.number}]`, inReplyTo: ack.messageId, headers: { 'Auto-Submitted': 'auto-replied' }, text: '我正在休假' },
      { from: 'boss@customer.cn', subject: 'Out of office', headers: { 'X-Autoreply': 'yes' }, text: 'away' },
      { from: 'list@customer.cn', subject: 'Newsletter', headers: { Precedence: 'bulk' }, text: 'news' },
      { from: 'MAILER-DAEMON@customer.cn', subject: 'Undelivered Mail Returned to Sender', text: 'bounce' },
      { from: 'robot@customer.cn', subject: 'Auto', headers: { 'X-Autorespond': 'on' }, text: 'auto' },
      { from: A, subject: `Re: 打印机卡纸 [#${t.number}]`, text: '我们自己的信转了回来' },
    ]
    for (const m of auto) await send(m)
    expect(await acks()).toHaveLength(before.sent)
    expect({ tickets: await p.count('tickets', a.tenantId), comments: await p.count('ticket_comments', a.tenantId), deliveries: await p.count('notify_deliveries', a.tenantId), sent: sink.mails.length }).toEqual(before)
    const recorded = await p.db.knex('email_messages').where({ tenant_id: a.tenantId, outcome: 'auto_reply' }).orderBy('created_at').select('from_address', 'auto_reply_reason', 'ticket_id')
    expect(recorded.map(r => r.auto_reply_reason)).toEqual(['Auto-Submitted: auto-replied', 'x-autoreply: yes', 'Precedence: bulk', 'sender mailer-daemon@customer.cn', 'x-autorespond: on', `sent from this mailbox (${A})`])
    expect(recorded.every(r => r.ticket_id === null)).toBe(true)
  })

  it('attachments are kept through the tickets attachment store; a refused type is recorded, the mail still counts', async () => {
    await send({ from: 'han.mei@customer.cn', subject: '屏幕有坏点', text: '见截图', attachments: [{ filename: '截图.png', content: png, contentType: 'image/png' }, { filename: 'fix.exe', content: exe }] })
    const [t] = await byTitle(a, '屏幕有坏点')
    const files = (await a.api('GET', `/api/tickets/${t.id}/attachments`)).body
    expect(files.map((f: Record<string, unknown>) => [f.filename, f.contentType, f.size])).toEqual([['截图.png', 'image/png', png.length]])
    const content = await a.api('GET', `/api/attachments/${files[0].id}/content`)
    expect(content.status).toBe(200)
    const row = await p.db.knex('email_messages').where({ tenant_id: a.tenantId, ticket_id: t.id }).first()
    expect(row.rejected_attachments.map((r: { filename: string }) => r.filename)).toEqual(['fix.exe'])
  })

  it('mail over the size limit is refused with 552 and nothing is stored', async () => {
    const before = await p.count('email_messages', a.tenantId)
    const err = await send({ from: 'big@customer.cn', subject: '大附件', text: 'x', attachments: [{ filename: 'big.png', content: Buffer.concat([png, Buffer.alloc(MAX, 1)]) }] }).catch(e => e)
    expect(err).toMatchObject({ responseCode: 552 })
    expect(await p.count('email_messages', a.tenantId)).toBe(before)
    expect(await byTitle(a, '大附件')).toHaveLength(0)
  })

  it('the same mail delivered twice makes one ticket', async () => {
    const mail = { from: 'twice@customer.cn', subject: '重复投递', text: '同一封信', messageId: '<twice-1@customer.cn>' }
    await send(mail)
    await send(mail)
    expect(await byTitle(a, '重复投递')).toHaveLength(1)
  })

  it('tenant isolation: mail to B\'s mailbox lands in B only; B\'s listener refuses A\'s address; ids of the other tenant are 404', async () => {
    await send({ to: B, from: 'zhou@customer.cn', subject: 'B 的工单', text: '给 B 的信' }, p.ports[1])
    const [tb] = await byTitle(b, 'B 的工单')
    expect(tb).toBeDefined()
    expect(await byTitle(a, 'B 的工单')).toHaveLength(0)
    expect((await a.api('GET', `/api/tickets/${tb.id}`)).status).toBe(404)
    const refused = await send({ to: A, from: 'zhou@customer.cn', subject: '发错了', text: 'x' }, p.ports[1]).catch(e => e)
    expect(refused).toMatchObject({ responseCode: 550 })
    // A's ticket number in a mail to B's mailbox does not reach A's ticket.
    const [ta] = await byTitle(a, '打印机卡纸')
    const commentsBefore = (await comments(a, ta.id)).length
    await send({ to: B, from: 'li.lei@customer.cn', subject: `Re: [#${ta.number}]`, inReplyTo: '<first-1@customer.cn>', text: '串到 B 了吗' }, p.ports[1])
    expect((await comments(a, ta.id)).length).toBe(commentsBefore)
    expect(await p.count('email_messages', b.tenantId)).toBe(2)
  })

  it('a staff public comment goes to the customer threaded; the customer\'s answer to it lands on the ticket; internal comments stay inside', async () => {
    const [t] = await byTitle(a, '打印机卡纸')
    const sent = (await acks()).length
    expect((await a.api('POST', `/api/tickets/${t.id}/comments`, { body: '内部：联系供应商', visibility: 'internal' })).status).toBe(201)
    expect((await a.api('POST', `/api/tickets/${t.id}/comments`, { body: '请把硒鼓取出后重新安装，再试一次。', visibility: 'public' })).status).toBe(201)
    const mails = await acks()
    expect(mails).toHaveLength(sent + 1)
    const reply = mails.at(-1)!
    expect(reply.to).toEqual(['li.lei@customer.cn'])
    expect(reply.parsed.subject).toBe(`Re: 打印机卡纸 [#${t.number}]`)
    expect(reply.parsed.text?.trim()).toBe('请把硒鼓取出后重新安装，再试一次。')
    expect(reply.parsed.headers.get('auto-submitted')).toBeUndefined() // a person wrote it
    const refs = [reply.parsed.references].flat()
    expect(refs[0]).toBe('<first-1@customer.cn>')
    expect(reply.parsed.inReplyTo).toBe(refs.at(-1))
    // Their client answers our reply: In-Reply-To is our Message-ID, References carries their thread.
    await send({ from: 'li.lei@customer.cn', subject: `Re: ${reply.parsed.subject}`, inReplyTo: reply.parsed.messageId, references: [...refs, reply.parsed.messageId!], text: '重新安装后好了，谢谢！' })
    expect((await comments(a, t.id)).at(-1)).toMatchObject({ body: '重新安装后好了，谢谢！', visibility: 'public' })
    // The customer's own comment is not mailed back to them.
    expect(await acks()).toHaveLength(sent + 1)
  })

  it('a tenant that switches the channel off gets no mail through its mailbox', async () => {
    expect((await b.api('PUT', '/api/plugins/channel-email', { enabled: false })).status).toBe(200)
    const refused = await send({ to: B, from: 'zhou@customer.cn', subject: '关闭后', text: 'x' }, p.ports[1]).catch(e => e)
    expect(refused).toMatchObject({ responseCode: 550 })
    expect(await p.count('email_messages', b.tenantId)).toBe(2)
    expect((await b.api('PUT', '/api/plugins/channel-email', { enabled: true })).status).toBe(200)
    await send({ to: B, from: 'zhou@customer.cn', subject: '开启后', text: 'x' }, p.ports[1])
    expect(await byTitle(b, '开启后')).toHaveLength(1)
  })
})
