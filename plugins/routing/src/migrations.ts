import type { MigrationDef } from '@scrm/kernel'
import { tenantColumns, timestamps } from '@scrm/store'

export const migrations: MigrationDef[] = [
  {
    name: '001_routing',
    async up(knex) {
      await knex.schema.createTable('routing_rules', (t) => {
        tenantColumns(t, knex)
        t.string('name', 100).notNullable()
        // Evaluation order; ties fall back to the id so the order is always the same.
        t.integer('position').notNullable()
        t.boolean('enabled').notNullable().defaultTo(true)
        t.jsonb('condition')
        t.specificType('keywords', 'text[]').notNullable().defaultTo('{}')
        t.jsonb('pool').notNullable().defaultTo('{}')
        t.string('strategy', 64).notNullable()
        t.jsonb('config').notNullable().defaultTo('{}')
        t.string('raise_priority', 16)
        t.specificType('tags', 'text[]').notNullable().defaultTo('{}')
        timestamps(t, knex)
        t.index(['tenant_id', 'position'])
      })

      await knex.schema.createTable('routing_dictionaries', (t) => {
        tenantColumns(t, knex)
        t.string('key', 64).notNullable()
        t.string('name', 100).notNullable()
        t.string('match', 16).notNullable().defaultTo('token')
        t.string('tag_prefix', 32).notNullable().defaultTo('')
        t.jsonb('entries').notNullable().defaultTo('[]')
        t.boolean('enabled').notNullable().defaultTo(true)
        timestamps(t, knex)
        t.unique(['tenant_id', 'key'])
      })
      await knex.raw(`alter table routing_dictionaries add constraint routing_dictionaries_match_check check (match in ('token','substring'))`)

      // Tags live here rather than on tickets: the tickets plugin has no tag column, and a tag
      // remembers where it came from (a dictionary hit, a rule, a person).
      await knex.schema.createTable('routing_ticket_tags', (t) => {
        t.uuid('tenant_id').notNullable()
        t.uuid('ticket_id').notNullable()
        t.string('tag', 100).notNullable()
        t.string('source', 16).notNullable()
        t.string('detail', 200)
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.primary(['tenant_id', 'ticket_id', 'tag'])
        t.foreign(['tenant_id', 'ticket_id']).references(['tenant_id', 'id']).inTable('tickets').onDelete('CASCADE')
        t.index(['tenant_id', 'tag'])
      })

      // Every decision and override with its reasons: the rule, the ranked candidates, who was
      // dropped and why. The timeline shows a summary and points here.
      await knex.schema.createTable('routing_assignments', (t) => {
        tenantColumns(t, knex)
        t.uuid('ticket_id')
        t.uuid('instance_id')
        t.string('node_id', 100)
        t.string('kind', 16).notNullable() // auto | override | reassign
        t.string('outcome', 16).notNullable() // assigned | queued | unrouted
        t.uuid('rule_id')
        t.string('rule_name', 100)
        t.string('strategy', 64)
        t.uuid('assignee_id')
        t.uuid('previous_assignee_id')
        t.string('team', 64)
        t.text('reason')
        t.uuid('actor_id')
        t.jsonb('decision').notNullable().defaultTo('{}')
        t.specificType('notified', 'uuid[]').notNullable().defaultTo('{}')
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.index(['tenant_id', 'ticket_id', 'created_at'])
        t.foreign(['tenant_id', 'ticket_id']).references(['tenant_id', 'id']).inTable('tickets').onDelete('CASCADE')
      })
      await knex.raw(`alter table routing_assignments add constraint routing_assignments_kind_check check (kind in ('auto','override','reassign'))`)

      // Round-robin position per pool, shared by every server process.
      await knex.schema.createTable('routing_cursors', (t) => {
        t.uuid('tenant_id').notNullable()
        t.string('pool_key', 500).notNullable()
        t.uuid('last_user_id').notNullable()
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.primary(['tenant_id', 'pool_key'])
      })

      await knex.schema.createTable('routing_settings', (t) => {
        t.uuid('tenant_id').primary().references('tenants.id').onDelete('CASCADE')
        t.jsonb('settings').notNullable().defaultTo('{}')
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      })
    },
    async down(knex) {
      for (const t of ['routing_settings', 'routing_cursors', 'routing_assignments', 'routing_ticket_tags', 'routing_dictionaries', 'routing_rules'])
        await knex.schema.dropTableIfExists(t)
    },
  },
]
