import type { MigrationDef } from '@scrm/kernel'
import { tenantColumns, timestamps } from '@scrm/store'

export const migrations: MigrationDef[] = [
  {
    name: '001_wecom_channel',
    async up(knex) {
      // One callback configuration per tenant; token and EncodingAESKey are write-only in the API.
      await knex.schema.createTable('wecom_channel_configs', (t) => {
        tenantColumns(t, knex)
        t.string('token', 64).notNullable()
        t.string('encoding_aes_key', 43).notNullable()
        t.string('corp_id', 64).notNullable()
        t.string('type_key', 64).notNullable()
        t.boolean('enabled').notNullable().defaultTo(true)
        timestamps(t, knex)
        t.unique(['tenant_id'])
      })
      // Every decrypted callback, kept once per MsgId: a redelivery finds its row and does nothing.
      await knex.schema.createTable('wecom_messages', (t) => {
        tenantColumns(t, knex)
        t.string('msg_id', 64).notNullable()
        t.string('from_user', 128).notNullable()
        t.string('msg_type', 32).notNullable()
        t.text('content')
        t.string('outcome', 16).notNullable()
        t.uuid('ticket_id')
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.unique(['tenant_id', 'msg_id'])
      })
    },
    async down(knex) {
      await knex.schema.dropTableIfExists('wecom_messages')
      await knex.schema.dropTableIfExists('wecom_channel_configs')
    },
  },
]
