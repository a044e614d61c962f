import type { MigrationDef } from '@scrm/kernel'
import { tenantColumns } from '@scrm/store'

export const migrations: MigrationDef[] = [
  {
    name: '001_email_channel',
    async up(knex) {
      // Every mail in and every acknowledgement out, keyed by Message-ID: replies find their
      // ticket through In-Reply-To / References, and a mail delivered twice is kept once.
      await knex.schema.createTable('email_messages', (t) => {
        tenantColumns(t, knex)
        t.string('direction', 3).notNullable()
        t.string('message_id', 500).notNullable()
        t.string('mailbox', 320)
        t.string('from_address', 320).notNullable()
        t.string('subject', 1000).notNullable().defaultTo('')
        t.string('in_reply_to', 500)
        t.jsonb('references').notNullable().defaultTo('[]')
        t.integer('size').notNullable().defaultTo(0)
        // ticket | comment | auto_reply | sent
        t.string('outcome', 16).notNullable()
        t.string('auto_reply_reason', 200)
        t.uuid('ticket_id')
        t.jsonb('rejected_attachments').notNullable().defaultTo('[]')
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.unique(['tenant_id', 'direction', 'message_id'])
        t.index(['tenant_id', 'ticket_id'])
      })
      await knex.raw(`alter table email_messages add constraint email_messages_direction_check check (direction in ('in','out'))`)
    },
    async down(knex) {
      await knex.schema.dropTableIfExists('email_messages')
    },
  },
]
