import { definePlugin } from '@scrm/kernel'
import type { Knex } from 'knex'
import { notifyMigrations } from './migrations.js'
import { consoleSmsDriver, dingtalkNotifier, emailNotifier, type NotifierOptions, type SmsDriver, smsNotifier, webhookNotifier, wecomNotifier } from './notifiers/index.js'
import { type Clock, tableOutbox } from './outbox.js'
import { notifyRoutes } from './routes/index.js'
import { createNotifyService, type NotifyService } from './service.js'
import { withTenantDefaults } from './tenant-defaults.js'

export * from './channels.js'
export * from './errors.js'
export { postJson, redact, type RetryPolicy, withRetry } from './http.js'
export * from './migrations.js'
export * from './notifiers/index.js'
export * from './outbox.js'
export * from './quiet-hours.js'
export type { Recipient, Target } from './recipients.js'
export * from './service.js'
export * from './settings.js'
export * from './template.js'
export * from './templates.js'
export { withTenantDefaults } from './tenant-defaults.js'

/** Operator settings (`SCRM_PLUGIN_CONFIG={"notify": {…}}`). */
export interface NotifyPluginConfig {
  /** HTTP timeout of robot and webhook calls (default 10 s). */
  timeoutMs?: number
  /** First back-off of in-process HTTP retries (default 1 s; tests use a few ms). */
  retryBaseMs?: number
  /** Delivery attempts (outbox retries) before a delivery is marked failed (default 8). */
  maxAttempts?: number
  /** A controllable clock (tests); default the flow runtime's clock, so held messages and the outbox worker agree. */
  clock?: Clock
}

/** The `notify` service: dispatching plus the SMS driver hook for provider plugins. */
export interface NotifyPluginService extends NotifyService {
  addSmsDriver: (driver: SmsDriver) => void
  /** Binds the database for sends that arrive without settings (see withTenantDefaults). */
  attach: (db: Knex) => void
}

/**
 * Notifications: email (SMTP), WeCom and DingTalk group robots, signed webhooks and SMS, with
 * templates in both languages, quiet hours, per-user preferences and a delivery log. Other plugins
 * (SLA, escalation, flows) call `services.get<NotifyPluginService>('notify').dispatch(scope, …)`;
 * sending goes through the runtime's outbox (kind `notify.delivery`).
 */
export default definePlugin({
  name: 'notify',
  version: '0.1.0',
  dependsOn: ['core'],
  label: { 'zh-CN': '消息通知', 'en-US': 'Notifications' },
  description: {
    'zh-CN': '邮件、企业微信/钉钉群机器人、Webhook、短信通知，含模板、免打扰时段、个人偏好与发送记录',
    'en-US': 'Email, WeCom/DingTalk robots, webhooks and SMS with templates, quiet hours, preferences and a delivery log',
  },
  setup({ notifiers, migrations, routes, services, config, host, logger }) {
    const cfg = config as NotifyPluginConfig
    const http: NotifierOptions = { timeoutMs: cfg.timeoutMs, retry: cfg.retryBaseMs !== undefined ? { baseMs: cfg.retryBaseMs } : undefined }
    const smsDrivers = new Map<string, SmsDriver>([['console', consoleSmsDriver(line => logger.info({ sms: line }, 'sms (console driver)'))]])
    // The database is known once workers start (or an outbox worker asks for handlers).
    let db: Knex | undefined
    for (const n of [emailNotifier({ timeoutMs: cfg.timeoutMs }), wecomNotifier(http), dingtalkNotifier(http), webhookNotifier(http), smsNotifier(smsDrivers)])
      notifiers.register(withTenantDefaults(n, () => db))
    for (const m of notifyMigrations) migrations.register(m)

    const clock: Clock = cfg.clock ?? {
      now: () => (host.hasService('flow.runtime') ? host.service<{ clock: Clock }>('flow.runtime').clock.now() : new Date()),
    }
    const core = createNotifyService({ registries: host.registries, outbox: tableOutbox, logger, maxAttempts: cfg.maxAttempts, clock })
    const service: NotifyPluginService = {
      ...core,
      outboxHandlers: (knex, clock) => {
        db ??= knex
        return core.outboxHandlers(knex, clock)
      },
      attach: (knex) => { db = knex },
      addSmsDriver: driver => void smsDrivers.set(driver.id, driver),
    }
    services.provide('notify', service)
    routes.register({ prefix: '/notify', plugin: notifyRoutes(service, host.registries) })
  },
  /** No worker of its own: deliveries ride the runtime's outbox worker (core asks for `outboxHandlers`). */
  async start({ db, service }) {
    service<NotifyPluginService>('notify').attach(db)
  },
})
