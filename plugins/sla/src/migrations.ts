import type { MigrationDef } from '@scrm/kernel'
import { tenantColumns, timestamps } from '@scrm/store'

/**
 * Policies, the SLA clock of each ticket, its event log and watchers. Ticket rows are referenced
 * by (tenant_id, ticket_id) with cascading deletes, so SLA rows never outlive their ticket and can
 * never point at another tenant's ticket.
 */
export const migrations: MigrationDef[] = [
  {
    name: '001_sla',
    async up(knex) {
      await knex.schema.createTable('sla_policies', (t) => {
        tenantColumns(t, knex)
        t.string('name', 200).notNullable()
        /** Evaluation order: first match wins; the default (no condition) is always tried last. */
        t.integer('position').notNullable().defaultTo(0)
        /** JSON Logic over { ticket, customer, form }; null = the default policy. */
        t.jsonb('condition')
        /** The whole definition as the API takes it (targets, calendar, pause statuses, warning, escalations). */
        t.jsonb('definition').notNullable()
        t.boolean('active').notNullable().defaultTo(true)
        t.integer('version').notNullable().defaultTo(1)
        timestamps(t, knex)
        t.index(['tenant_id', 'active', 'position'])
      })

      await knex.schema.createTable('sla_tickets', (t) => {
        t.uuid('tenant_id').notNullable()
        t.uuid('ticket_id').notNullable()
        t.uuid('policy_id')
        /** The policy as it was when the clock started: later edits apply to new tickets only. */
        t.jsonb('policy').notNullable()
        t.string('state', 16).notNullable().defaultTo('ok')
        t.timestamp('paused_at', { useTz: true })
        /** Per target kind: calendar, target, start, paused ms, due time, status, events fired. */
        t.jsonb('targets').notNullable().defaultTo('{}')
        /** The one pending runtime timer of this ticket (a stale one that still fires does nothing). */
        t.uuid('timer_id')
        t.timestamp('next_at', { useTz: true })
        timestamps(t, knex)
        t.primary(['tenant_id', 'ticket_id'])
        t.foreign(['tenant_id', 'ticket_id']).references(['tenant_id', 'id']).inTable('tickets').onDelete('CASCADE')
      })
      await knex.raw(`alter table sla_tickets add constraint sla_tickets_state_check check (state in ('ok','at_risk','breached'))`)

      await knex.schema.createTable('sla_events', (t) => {
        tenantColumns(t, knex)
        t.uuid('ticket_id').notNullable()
        t.string('target', 32)
        /** started | warned | breached | escalated | met | paused | resumed | stopped | retargeted */
        t.string('event', 16).notNullable()
        t.integer('level')
        /** Timed events: the business time they were due; at = the platform clock when handled. */
        t.timestamp('due_at', { useTz: true })
        t.timestamp('at', { useTz: true }).notNullable()
        /** Wall time the event and its actions were written (escalation lag = recorded_at − due_at in the benchmark). */
        t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.raw('clock_timestamp()'))
        /** Timed events only: `<target>:<cycle>:<event>`; a second firing collides instead of acting twice. */
        t.string('event_key', 80)
        t.jsonb('data').notNullable().defaultTo('{}')
        t.unique(['tenant_id', 'ticket_id', 'event_key'])
        t.index(['tenant_id', 'ticket_id', 'at'])
        t.foreign(['tenant_id', 'ticket_id']).references(['tenant_id', 'id']).inTable('tickets').onDelete('CASCADE')
      })

      await knex.schema.createTable('sla_watchers', (t) => {
        t.uuid('tenant_id').notNullable()
        t.uuid('ticket_id').notNullable()
        t.uuid('user_id').notNullable()
        t.string('reason', 200)
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.primary(['tenant_id', 'ticket_id', 'user_id'])
        t.foreign(['tenant_id', 'ticket_id']).references(['tenant_id', 'id']).inTable('tickets').onDelete('CASCADE')
        t.foreign(['tenant_id', 'user_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE')
      })
    },
    async down(knex) {
      for (const t of ['sla_watchers', 'sla_events', 'sla_tickets', 'sla_policies']) await knex.schema.dropTableIfExists(t)
    },
  },
]
