import type { MigrationDef } from '@scrm/kernel'
import { tenantColumns, timestamps, type Knex } from '@scrm/store'

/**
 * The runtime's tables. Every table is keyed (tenant_id, id) and every foreign key carries the
 * tenant, so a row can only ever point at rows of its own tenant (and Citus could distribute
 * all of them on tenant_id). The core plugin registers these through `migrations.register`.
 */
const flows: MigrationDef = {
  name: '001_flows',
  async up(knex) {
    await knex.schema.createTable('flows', (t) => {
      tenantColumns(t, knex)
      t.string('key', 100).notNullable()
      t.string('name', 200).notNullable()
      t.text('description')
      /** The designer's draft (React Flow graph or IR); compiled and validated on publish. */
      t.jsonb('graph').notNullable().defaultTo('{}')
      t.timestamp('draft_updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      t.integer('lock_version').notNullable().defaultTo(1)
      t.integer('latest_version')
      timestamps(t, knex)
      t.unique(['tenant_id', 'key'])
    })
    await knex.schema.createTable('flow_versions', (t) => {
      tenantColumns(t, knex)
      t.uuid('flow_id').notNullable()
      t.string('flow_key', 100).notNullable()
      t.integer('version').notNullable()
      t.jsonb('ir').notNullable()
      t.timestamp('published_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      t.uuid('published_by')
      t.unique(['tenant_id', 'flow_id', 'version'])
      t.index(['tenant_id', 'flow_key', 'version'])
      t.foreign(['tenant_id', 'flow_id']).references(['tenant_id', 'id']).inTable('flows').onDelete('CASCADE')
    })
    // Published versions are immutable: the database refuses, whatever code tries.
    // (One statement per call: PGlite runs raw SQL as a prepared statement.)
    await knex.raw(`create function flow_versions_immutable() returns trigger language plpgsql as $$
      begin raise exception 'published flow versions are immutable'; end $$`)
    await knex.raw(`create trigger flow_versions_no_update before update on flow_versions
      for each row execute function flow_versions_immutable()`)
  },
  async down(knex) {
    await knex.schema.dropTableIfExists('flow_versions')
    await knex.raw('drop function if exists flow_versions_immutable()')
    await knex.schema.dropTableIfExists('flows')
  },
}

const instances: MigrationDef = {
  name: '002_instances',
  async up(knex) {
    await knex.schema.createTable('instances', (t) => {
      tenantColumns(t, knex)
      t.uuid('flow_version_id').notNullable()
      t.string('flow_key', 100).notNullable()
      t.integer('flow_version').notNullable()
      t.uuid('ticket_id')
      t.uuid('parent_instance_id')
      t.uuid('parent_token_id')
      t.string('status', 16).notNullable().defaultTo('running')
      t.jsonb('vars').notNullable().defaultTo('{}')
      t.jsonb('error')
      t.uuid('started_by')
      /** Next history sequence number; only written while the row is locked. */
      t.integer('seq').notNullable().defaultTo(0)
      t.integer('lock_version').notNullable().defaultTo(1)
      t.timestamp('ended_at', { useTz: true })
      timestamps(t, knex)
      t.index(['tenant_id', 'ticket_id'])
      t.index(['tenant_id', 'parent_instance_id'])
      t.index(['tenant_id', 'status', 'created_at'])
      t.foreign(['tenant_id', 'flow_version_id']).references(['tenant_id', 'id']).inTable('flow_versions')
    })
    await knex.raw(`alter table instances add constraint instances_status_check
      check (status in ('running','completed','failed','cancelled'))`)

    await knex.schema.createTable('tokens', (t) => {
      tenantColumns(t, knex)
      t.uuid('instance_id').notNullable()
      t.string('node_id', 100).notNullable()
      /** active: about to run its node; waiting: parked at it; then completed/cancelled/merged. */
      t.string('status', 16).notNullable()
      t.string('arrived_via', 100)
      t.uuid('parent_token_id')
      /** How many nodes this token has run: with its id, the key of one node execution. */
      t.integer('step').notNullable().defaultTo(0)
      t.string('waiting_for', 200)
      /** Node-private bookkeeping (approval level, votes …). */
      t.jsonb('state').notNullable().defaultTo('{}')
      timestamps(t, knex)
      t.index(['tenant_id', 'instance_id', 'status'])
      t.foreign(['tenant_id', 'instance_id']).references(['tenant_id', 'id']).inTable('instances').onDelete('CASCADE')
    })
  },
  async down(knex) {
    await knex.schema.dropTableIfExists('tokens')
    await knex.schema.dropTableIfExists('instances')
  },
}

const work: MigrationDef = {
  name: '003_tasks_timers_history_outbox',
  async up(knex) {
    const instanceFk = (t: Knex.CreateTableBuilder) =>
      t.foreign(['tenant_id', 'instance_id']).references(['tenant_id', 'id']).inTable('instances').onDelete('CASCADE')

    await knex.schema.createTable('tasks', (t) => {
      tenantColumns(t, knex)
      t.uuid('instance_id').notNullable()
      t.uuid('token_id').notNullable()
      t.string('node_id', 100).notNullable()
      t.string('kind', 32).notNullable()
      t.string('title', 300)
      t.uuid('assignee_id')
      t.jsonb('candidate_users').notNullable().defaultTo('[]')
      t.string('candidate_role', 100)
      t.string('status', 16).notNullable().defaultTo('open')
      t.string('outcome', 100)
      t.jsonb('form')
      t.text('comment')
      /** Approval level (0-based) and its countersign mode. */
      t.integer('level')
      t.string('mode', 8)
      t.string('sla_status', 16)
      t.timestamp('due_at', { useTz: true })
      t.uuid('completed_by')
      t.timestamp('completed_at', { useTz: true })
      t.integer('version').notNullable().defaultTo(1)
      timestamps(t, knex)
      t.index(['tenant_id', 'assignee_id', 'status'])
      t.index(['tenant_id', 'instance_id'])
      t.index(['tenant_id', 'status', 'candidate_role'])
      instanceFk(t)
    })

    await knex.schema.createTable('timers', (t) => {
      tenantColumns(t, knex)
      t.uuid('instance_id').notNullable()
      t.uuid('token_id')
      t.string('node_id', 100)
      t.string('kind', 32).notNullable()
      t.timestamp('due_at', { useTz: true }).notNullable()
      t.jsonb('payload').notNullable().defaultTo('{}')
      t.string('claimed_by', 100)
      t.timestamp('lease_until', { useTz: true })
      t.timestamp('fired_at', { useTz: true })
      t.timestamp('cancelled_at', { useTz: true })
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      t.index(['tenant_id', 'instance_id'])
      instanceFk(t)
    })
    // The worker's only query path: pending timers by due time, whatever the tenant.
    await knex.raw('create index timers_pending_due on timers (due_at) where fired_at is null and cancelled_at is null')

    await knex.schema.createTable('history', (t) => {
      tenantColumns(t, knex)
      t.uuid('instance_id').notNullable()
      t.integer('seq').notNullable()
      /** One logical happening = one key: a replayed step collides here and rolls back whole. */
      t.string('step_key', 200).notNullable()
      t.string('event', 64).notNullable()
      t.string('node_id', 100)
      t.uuid('token_id')
      t.string('actor', 100)
      t.jsonb('data').notNullable().defaultTo('{}')
      t.timestamp('at', { useTz: true }).notNullable()
      t.unique(['tenant_id', 'instance_id', 'seq'])
      t.unique(['tenant_id', 'instance_id', 'step_key'])
      instanceFk(t)
    })

    await knex.schema.createTable('outbox', (t) => {
      tenantColumns(t, knex)
      t.string('idempotency_key', 200).notNullable()
      t.string('kind', 64).notNullable()
      t.jsonb('payload').notNullable()
      t.uuid('instance_id')
      t.string('status', 16).notNullable().defaultTo('pending')
      t.integer('attempts').notNullable().defaultTo(0)
      t.timestamp('next_attempt_at', { useTz: true }).notNullable()
      t.string('claimed_by', 100)
      t.timestamp('lease_until', { useTz: true })
      t.timestamp('delivered_at', { useTz: true })
      t.text('last_error')
      t.jsonb('result')
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
      t.unique(['tenant_id', 'idempotency_key'])
    })
    await knex.raw(`create index outbox_pending on outbox (next_attempt_at) where status = 'pending'`)

    await knex.schema.createTable('incidents', (t) => {
      tenantColumns(t, knex)
      t.uuid('instance_id').notNullable()
      t.uuid('token_id')
      t.string('node_id', 100)
      t.string('code', 64).notNullable()
      t.text('message').notNullable()
      t.jsonb('details').notNullable().defaultTo('{}')
      t.string('status', 16).notNullable().defaultTo('open')
      t.timestamp('created_at', { useTz: true }).notNullable()
      t.timestamp('resolved_at', { useTz: true })
      t.index(['tenant_id', 'instance_id'])
      instanceFk(t)
    })
  },
  async down(knex) {
    for (const t of ['incidents', 'outbox', 'history', 'timers', 'tasks']) await knex.schema.dropTableIfExists(t)
  },
}

/** Plugin-owned timer kinds (plugin-timers.ts): a timer without a flow instance. */
const pluginTimers: MigrationDef = {
  name: '004_plugin_timers',
  async up(knex) {
    // The (tenant_id, instance_id) foreign key is not checked for a null instance_id (MATCH SIMPLE).
    await knex.raw('alter table timers alter column instance_id drop not null')
  },
  async down(knex) {
    await knex('timers').whereNull('instance_id').del()
    await knex.raw('alter table timers alter column instance_id set not null')
  },
}

/** A timer whose step keeps failing is retried with back-off, then parked with an incident. */
const timerAttempts: MigrationDef = {
  name: '005_timer_attempts',
  async up(knex) {
    await knex.schema.alterTable('timers', (t) => {
      t.integer('attempts').notNullable().defaultTo(0)
      t.text('last_error')
    })
  },
  async down(knex) {
    await knex.schema.alterTable('timers', (t) => {
      t.dropColumn('attempts')
      t.dropColumn('last_error')
    })
  },
}

/** Who last saved a flow's draft: the flow list shows it (uuid of a user of the same tenant). */
const flowUpdatedBy: MigrationDef = {
  name: '006_flow_updated_by',
  async up(knex) {
    await knex.schema.alterTable('flows', t => void t.uuid('updated_by'))
  },
  async down(knex) {
    await knex.schema.alterTable('flows', t => void t.dropColumn('updated_by'))
  },
}

export const runtimeMigrations: MigrationDef[] = [flows, instances, work, pluginTimers, timerAttempts, flowUpdatedBy]
