import { createRegistries } from '@scrm/kernel'
import { type ManualClock, manualClock, OutboxWorker, runtimeMigrations } from '@scrm/runtime'
import { type Database, migrateLatest, platformMigrations, Tenant, tenantScope, type TenantScope, User } from '@scrm/store'
import type { TestDatabaseKind } from '@scrm/store/testing'
import { channels, splitSecrets } from './channels.js'
import { startReceiver, startSmtp } from './loopback.test-helper.js'
import { notifyMigrations } from './migrations.js'
import { consoleSmsDriver, dingtalkNotifier, emailNotifier, type SmsDriver, smsNotifier, webhookNotifier, wecomNotifier } from './notifiers/index.js'
import { tableOutbox } from './outbox.js'
import { createNotifyService, type NotifyService } from './service.js'

export const bj = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`)

export interface NotifyWorld {
  db: Database
  scope: TenantScope
  clock: ManualClock
  service: NotifyService
  /** The runtime's real outbox worker, driven by hand with the manual clock. */
  worker: OutboxWorker
  rx: Awaited<ReturnType<typeof startReceiver>>
  smtp: Awaited<ReturnType<typeof startSmtp>>
  sms: string[]
  users: { zhang: string, alice: string, wang: string, nomail: string }
  channel: (key: string) => Promise<string>
  close: () => Promise<void>
}

/**
 * A tenant on a fresh database with the platform, runtime (outbox) and notify tables; notifiers
 * pointed at a loopback HTTP receiver and a loopback SMTP server; the runtime's OutboxWorker.
 */
export async function notifyWorld(kind: TestDatabaseKind): Promise<NotifyWorld> {
  const db = await kind.open()
  await migrateLatest(db.knex, [platformMigrations, { owner: 'core', migrations: runtimeMigrations }, { owner: 'notify', migrations: notifyMigrations }])
  const tenant = await Tenant.query(db.knex).insert({ slug: `n-${Date.now().toString(36)}`, name: '通知测试' })
  const scope = tenantScope(tenant.id, db.knex)
  const user = async (username: string, fields: Partial<User>) => (await scope.query(User).insert({ username, display_name: username, role: 'agent', ...fields })).id
  const users = {
    zhang: await user('zhang', { display_name: '张三', email: 'zhang@example.cn', phone: '13800138000', locale: 'zh-CN' }),
    alice: await user('alice', { display_name: 'Alice', email: 'alice@example.com', phone: '13900139000', locale: 'en-US' }),
    wang: await user('wang', { display_name: '王五', email: 'wang@example.cn', phone: '13700137000', locale: 'zh-CN' }),
    nomail: await user('nomail', { display_name: '赵六', locale: 'zh-CN' }),
  }

  const rx = await startReceiver()
  const smtp = await startSmtp()
  const sms: string[] = []
  const noSleep = async () => {}
  const registries = createRegistries(() => true)
  const drivers = new Map<string, SmsDriver>([['console', consoleSmsDriver(line => sms.push(line))]])
  for (const n of [emailNotifier({ timeoutMs: 5000 }), wecomNotifier({ sleep: noSleep }), dingtalkNotifier({ sleep: noSleep }), webhookNotifier({ sleep: noSleep }), smsNotifier(drivers)])
    registries.notifiers.add('notify', n)

  const add = async (key: string, notifier: string, isDefault: boolean, config: Record<string, unknown>) => {
    const def = registries.notifiers.get(tenant.id, notifier)!
    await channels.create(scope, { key, name: key, notifier, isDefault, config: {}, secrets: {}, ...splitSecrets(def, config) })
  }
  await add('smtp', 'email', true, { host: '127.0.0.1', port: smtp.port, user: smtp.credentials.user, pass: smtp.credentials.pass, from: 'robot@example.cn', fromName: '工单流' })
  await add('after-sales', 'wecom', true, { key: 'wecom-key', baseUrl: rx.baseUrl })
  await add('duty', 'dingtalk', true, { accessToken: 'dt-token', secret: 'SEC-duty', baseUrl: rx.baseUrl })
  await add('erp', 'webhook', false, { url: `${rx.baseUrl}/erp`, secret: 'erp-secret', retries: 1 })
  await add('sms', 'sms', true, { driver: 'console', signName: '工单流' })

  const clock = manualClock(bj('2025-10-09 10:00'))
  const service = createNotifyService({ registries, outbox: tableOutbox, maxAttempts: 4 })
  const worker = new OutboxWorker({ db: db.knex, clock, handler: kind => service.outboxHandlers(db.knex, clock)[kind], concurrency: 1 })

  return {
    db, scope, clock, service, worker, rx, smtp, sms, users,
    channel: async key => (await channels.byKey(scope, key))!.id,
    close: async () => {
      await rx.close()
      await smtp.close()
      await db.close()
    },
  }
}

/** Resets what the receivers saw. */
export function clearInboxes(w: NotifyWorld): void {
  w.rx.received.length = 0
  w.rx.replies.length = 0
  w.smtp.mails.length = 0
  w.sms.length = 0
}
