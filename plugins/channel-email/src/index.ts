import { definePlugin } from '@scrm/kernel'
import type { CustomersService } from '@scrm/plugin-customers'
import type { NotifyService } from '@scrm/plugin-notify'
import type { TicketEvents, TicketsIntake } from '@scrm/plugin-tickets'
import { tenantScope } from '@scrm/store'
import { type MailboxConfig, readMailboxes } from './config.js'
import { listen, type MailboxListener } from './listener.js'
import { migrations } from './migrations.js'
import { mailStaffReply } from './outbound.js'

export type { EmailChannelConfig, MailboxConfig } from './config.js'
export { autoReplyReason } from './auto-reply.js'
export { parseMail, type InboundMail } from './parse.js'
export { subjectTag, taggedNumber } from './threading.js'

/** Service `channel-email`: the checked mailboxes and, while the server runs, their listeners. */
export interface EmailChannelService {
  mailboxes: MailboxConfig[]
  /** By mailbox index (tests read the ports the OS chose for port 0). */
  listeners: MailboxListener[]
  /** Tenant id → its mailbox, once the listeners run. */
  byTenant: Map<string, MailboxConfig>
}

/**
 * Email as an intake channel: one SMTP listener per configured tenant mailbox; new mail becomes a
 * ticket, a reply a comment on its ticket. Listeners start with the server's workers and stop
 * before the database closes. Without mailboxes in the config it opens no port.
 */
export default definePlugin({
  name: 'channel-email',
  version: '0.1.0',
  dependsOn: ['tickets', 'customers'],
  label: { 'zh-CN': '邮件渠道', 'en-US': 'Email channel' },
  description: { 'zh-CN': '客户来信自动建单，回复追加到原工单（SMTP 收信）', 'en-US': 'Customer mail becomes tickets, replies land on their ticket (SMTP intake)' },
  setup({ migrations: m, channels, config, services, host }) {
    for (const def of migrations) m.register(def)
    channels.register({
      id: 'email',
      label: { 'zh-CN': '邮件', 'en-US': 'Email' },
      description: { 'zh-CN': '客户邮件建单与回复跟进', 'en-US': 'Tickets from customer mail, replies threaded' },
    })
    // Checked here so a wrong mailbox list stops start-up before anything listens.
    const state: EmailChannelService = { mailboxes: readMailboxes(config), listeners: [], byTenant: new Map() }
    services.provide<EmailChannelService>('channel-email', state)
    if (!state.mailboxes.length) return
    const intake = services.get<TicketsIntake>('tickets.intake')
    services.get<TicketEvents>('tickets.events').on(async (scope, event) => {
      // Tenants without a mailbox that mails replies pay nothing for this listener.
      if (!state.byTenant.get(scope.tenantId)?.mailReplies || !host.hasService('notify')) return
      await mailStaffReply({ intake, notify: host.service<NotifyService>('notify') }, scope, event)
    })
  },
  async start({ db, service, host, logger, isEnabled }) {
    const state = service<EmailChannelService>('channel-email')
    const { mailboxes } = state
    if (!mailboxes.length) return
    const deps = {
      intake: service<TicketsIntake>('tickets.intake'),
      customers: service<CustomersService>('customers'),
      // Optional: acknowledgements need the notify plugin, the channel does not.
      notify: () => (host.hasService('notify') ? host.service<NotifyService>('notify') : undefined),
    }
    const started: MailboxListener[] = []
    try {
      for (const mailbox of mailboxes) {
        const tenant = await db('tenants').where({ slug: mailbox.tenant }).first('id')
        if (!tenant) throw new Error(`channel-email: mailbox ${mailbox.address ?? mailbox.port}: no tenant "${mailbox.tenant}"`)
        const type = await db('ticket_types').where({ tenant_id: tenant.id, key: mailbox.typeKey, active: true }).first('id')
        if (!type) logger.warn({ tenant: mailbox.tenant, typeKey: mailbox.typeKey }, 'channel-email: typeKey is not an active ticket type of the tenant yet: new mail is answered 451 until it is')
        state.byTenant.set(tenant.id, mailbox)
        started.push(await listen(mailbox, tenantScope(tenant.id, db), deps, logger, () => isEnabled(tenant.id, 'channel-email')))
        logger.info({ tenant: mailbox.tenant, address: mailbox.address, port: started.at(-1)!.port }, 'smtp mailbox listening')
      }
    }
    catch (err) {
      await Promise.all(started.map(l => l.close()))
      state.byTenant.clear()
      throw err
    }
    state.listeners = started
    return async () => {
      await Promise.all(started.map(l => l.close()))
      state.listeners = []
      state.byTenant.clear()
    }
  },
})
