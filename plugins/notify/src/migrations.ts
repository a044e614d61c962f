import type { MigrationDef } from '@scrm/kernel'
import { tenantColumns, timestamps } from '@scrm/store'

export const DELIVERY_STATUSES = ['queued', 'held', 'sent', 'failed'] as const
export type DeliveryStatus = typeof DELIVERY_STATUSES[number]

const init: MigrationDef = {
  name: '001_notify',
  async up(knex) {
    // A configured destination of a notifier: the SMTP server, a WeCom group's robot, a webhook.
    await knex.schema.createTable('notify_channels', (t) => {
      tenantColumns(t, knex)
      t.string('key', 64).notNullable()
      t.string('name', 200).notNullable()
      t.string('notifier', 64).notNullable()
      /** The channel used for people who chose this notifier (their email, their @mention). */
      t.boolean('is_default').notNullable().defaultTo(false)
      t.boolean('enabled').notNullable().defaultTo(true)
      t.jsonb('config').notNullable().defaultTo('{}')
      /** Secret config fields, kept apart so no API serialiser can return them by accident. */
      t.jsonb('secrets').notNullable().defaultTo('{}')
      timestamps(t, knex)
      t.unique(['tenant_id', 'key'])
      t.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
    })
    await knex.raw('create unique index notify_channels_one_default on notify_channels (tenant_id, notifier) where is_default')

    await knex.schema.createTable('notify_settings', (t) => {
      t.uuid('tenant_id').primary().references('tenants.id').onDelete('CASCADE')
      t.string('time_zone', 64).notNullable().defaultTo('Asia/Shanghai')
      t.string('locale', 8).notNullable().defaultTo('zh-CN')
      t.jsonb('quiet_hours').notNullable()
      /** Notifiers for people without preferences for an event. */
      t.jsonb('default_channels').notNullable().defaultTo('["email"]')
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    })

    await knex.schema.createTable('notify_preferences', (t) => {
      t.uuid('tenant_id').notNullable()
      t.uuid('user_id').notNullable()
      /** Event kind (`sla.warning`) or `*` for every other event. */
      t.string('event', 100).notNullable()
      t.jsonb('channels').notNullable()
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      t.primary(['tenant_id', 'user_id', 'event'])
      t.foreign(['tenant_id', 'user_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE')
    })

    await knex.schema.createTable('notify_templates', (t) => {
      t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('CASCADE')
      t.string('key', 100).notNullable()
      t.jsonb('subject').notNullable()
      t.jsonb('body').notNullable()
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      t.primary(['tenant_id', 'key'])
    })

    // One row per message to one recipient on one channel: what was sent, and what happened.
    await knex.schema.createTable('notify_deliveries', (t) => {
      tenantColumns(t, knex)
      t.string('idempotency_key', 200).notNullable()
      t.string('event', 100).notNullable()
      t.string('notifier', 64).notNullable()
      t.uuid('channel_id')
      t.uuid('user_id')
      /** Who, for people reading the log: a user's name, an address, a channel's name. */
      t.string('recipient', 320).notNullable()
      t.string('address', 320)
      t.jsonb('mentions').notNullable().defaultTo('[]')
      t.string('locale', 8).notNullable()
      t.boolean('urgent').notNullable().defaultTo(false)
      t.text('subject').notNullable()
      t.text('body').notNullable()
      t.text('html')
      t.jsonb('meta').notNullable().defaultTo('{}')
      t.string('status', 16).notNullable()
      t.integer('attempts').notNullable().defaultTo(0)
      t.text('last_error')
      t.string('provider_id', 300)
      t.timestamp('held_until', { useTz: true })
      t.timestamp('sent_at', { useTz: true })
      timestamps(t, knex)
      t.unique(['tenant_id', 'idempotency_key'])
      t.index(['tenant_id', 'created_at'])
      t.index(['tenant_id', 'status', 'created_at'])
      t.foreign('tenant_id').references('tenants.id').onDelete('CASCADE')
    })
    await knex.raw(`alter table notify_deliveries add constraint notify_deliveries_status_check
      check (status in (${DELIVERY_STATUSES.map(s => `'${s}'`).join(',')}))`)
  },
  async down(knex) {
    for (const t of ['notify_deliveries', 'notify_templates', 'notify_preferences', 'notify_settings', 'notify_channels'])
      await knex.schema.dropTableIfExists(t)
  },
}

export const notifyMigrations: MigrationDef[] = [init]
