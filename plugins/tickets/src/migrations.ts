import type { MigrationDef } from '@scrm/kernel'
import { type Knex, tenantColumns, timestamps } from '@scrm/store'
import { CATEGORIES, PRIORITIES, statusRows } from './lifecycle.js'

const list = (xs: readonly string[]) => xs.map(x => `'${x}'`).join(',')

/** A child row points at its parent by (tenant_id, id): it can never reference another tenant's row. */
function parent(t: Knex.CreateTableBuilder, column: string, table: string, nullable = false) {
  const c = t.uuid(column)
  if (!nullable) c.notNullable()
  t.foreign(['tenant_id', column]).references(['tenant_id', 'id']).inTable(table).onDelete('CASCADE')
}

export const migrations: MigrationDef[] = [
  {
    name: '001_tickets',
    async up(knex) {
      await knex.schema.createTable('ticket_templates', (t) => {
        tenantColumns(t, knex)
        t.string('key', 64).notNullable()
        t.jsonb('name').notNullable()
        // 0 until the first version is published; versions are immutable rows below.
        t.integer('current_version').notNullable().defaultTo(0)
        t.boolean('archived').notNullable().defaultTo(false)
        timestamps(t, knex)
        t.unique(['tenant_id', 'key'])
      })
      await knex.schema.createTable('ticket_template_versions', (t) => {
        tenantColumns(t, knex)
        parent(t, 'template_id', 'ticket_templates')
        t.integer('version').notNullable()
        t.jsonb('schema').notNullable()
        t.uuid('created_by')
        t.string('note', 500)
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.unique(['tenant_id', 'template_id', 'version'])
      })
      await knex.schema.createTable('ticket_types', (t) => {
        tenantColumns(t, knex)
        t.string('key', 64).notNullable()
        t.jsonb('name').notNullable()
        t.string('flow_key', 100)
        parent(t, 'template_id', 'ticket_templates', true)
        t.string('default_priority', 16).notNullable().defaultTo('normal')
        t.boolean('active').notNullable().defaultTo(true)
        timestamps(t, knex)
        t.unique(['tenant_id', 'key'])
      })
      await knex.schema.createTable('ticket_statuses', (t) => {
        tenantColumns(t, knex)
        t.string('key', 32).notNullable()
        t.jsonb('name').notNullable()
        t.string('category', 16).notNullable()
        t.integer('position').notNullable().defaultTo(0)
        timestamps(t, knex)
        t.unique(['tenant_id', 'key'])
      })
      await knex.raw(`alter table ticket_statuses add constraint ticket_statuses_category_check check (category in (${list(CATEGORIES)}))`)

      await knex.schema.createTable('tickets', (t) => {
        tenantColumns(t, knex)
        t.string('number', 32).notNullable()
        t.string('title', 200).notNullable()
        t.text('description').notNullable().defaultTo('')
        parent(t, 'type_id', 'ticket_types', true)
        parent(t, 'template_version_id', 'ticket_template_versions', true)
        t.string('region', 64)
        t.jsonb('fields').notNullable().defaultTo('{}')
        t.string('status', 32).notNullable()
        t.string('status_category', 16).notNullable()
        t.string('priority', 16).notNullable().defaultTo('normal')
        t.uuid('assignee_id')
        t.string('team', 64)
        t.string('channel', 32).notNullable()
        // Other plugins' rows (customers, assets, opportunities, flow instances): no FK, so a
        // plugin can be uninstalled without dragging tickets along.
        t.uuid('customer_id')
        t.uuid('asset_id')
        t.specificType('opportunity_ids', 'uuid[]').notNullable().defaultTo('{}')
        t.uuid('flow_instance_id')
        t.uuid('merged_into_id')
        t.integer('version').notNullable().defaultTo(1)
        // Placeholder until SLA policies land: 'ok' | 'warning' | 'breached', and their due dates.
        t.string('sla_state', 16)
        t.jsonb('sla')
        t.text('search_text').notNullable().defaultTo('')
        t.uuid('created_by')
        t.timestamp('resolved_at', { useTz: true })
        t.timestamp('closed_at', { useTz: true })
        timestamps(t, knex)
        t.unique(['tenant_id', 'number'])
        t.index(['tenant_id', 'created_at'])
        t.index(['tenant_id', 'status_category', 'created_at'])
        t.index(['tenant_id', 'assignee_id'])
        t.index(['tenant_id', 'customer_id'])
      })
      await knex.raw(`alter table tickets add constraint tickets_priority_check check (priority in (${list(PRIORITIES)}))`)
      await knex.raw(`alter table tickets add constraint tickets_category_check check (status_category in (${list(CATEGORIES)}))`)
      await searchIndex(knex)

      await knex.schema.createTable('ticket_counters', (t) => {
        t.uuid('tenant_id').notNullable()
        t.string('day', 8).notNullable()
        t.integer('last').notNullable()
        t.primary(['tenant_id', 'day'])
      })
      await knex.schema.createTable('ticket_events', (t) => {
        tenantColumns(t, knex)
        parent(t, 'ticket_id', 'tickets')
        t.string('kind', 32).notNullable()
        t.string('actor_kind', 16).notNullable()
        t.uuid('actor_id')
        t.jsonb('data').notNullable().defaultTo('{}')
        // Public events show on the customer's tracking page; internal ones never do.
        t.boolean('public').notNullable().defaultTo(false)
        t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        // now() is the transaction's start, shared by every event one step writes: seq orders them.
        t.bigIncrements('seq', { primaryKey: false })
        t.index(['tenant_id', 'ticket_id', 'seq'])
      })
      await knex.schema.createTable('ticket_comments', (t) => {
        tenantColumns(t, knex)
        parent(t, 'ticket_id', 'tickets')
        t.string('visibility', 16).notNullable()
        t.string('author_kind', 16).notNullable()
        t.uuid('author_id')
        t.string('author_name', 100)
        t.text('body').notNullable()
        // Structured content (a chat transcript) beside the readable body.
        t.jsonb('data')
        timestamps(t, knex)
        t.index(['tenant_id', 'ticket_id', 'created_at'])
      })
      await knex.raw(`alter table ticket_comments add constraint ticket_comments_visibility_check check (visibility in ('internal','public'))`)
      await knex.schema.createTable('ticket_attachments', (t) => {
        tenantColumns(t, knex)
        parent(t, 'ticket_id', 'tickets', true) // null until the ticket that uses it is created
        t.string('filename', 255).notNullable()
        t.string('content_type', 100).notNullable()
        t.bigInteger('size').notNullable()
        t.string('sha256', 64).notNullable()
        t.string('storage_key', 300).notNullable()
        t.string('uploaded_via', 32).notNullable()
        t.uuid('uploaded_by')
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.index(['tenant_id', 'ticket_id'])
      })
      await knex.schema.createTable('ticket_links', (t) => {
        tenantColumns(t, knex)
        parent(t, 'from_id', 'tickets')
        parent(t, 'to_id', 'tickets')
        // parent: from is the parent of to; duplicate: from duplicates to; related: symmetric.
        t.string('kind', 16).notNullable()
        t.uuid('created_by')
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.unique(['tenant_id', 'from_id', 'to_id', 'kind'])
        t.index(['tenant_id', 'to_id'])
      })
      await knex.raw(`alter table ticket_links add constraint ticket_links_kind_check check (kind in ('parent','related','duplicate'))`)
      await knex.raw('alter table ticket_links add constraint ticket_links_not_self check (from_id <> to_id)')
      await knex.schema.createTable('ticket_idempotency_keys', (t) => {
        t.uuid('tenant_id').notNullable()
        t.string('key', 255).notNullable()
        t.string('request_hash', 64).notNullable()
        t.uuid('ticket_id')
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.primary(['tenant_id', 'key'])
      })
      await knex.schema.createTable('ticket_portal_tokens', (t) => {
        t.uuid('tenant_id').notNullable()
        // sha256 of the token: a database leak does not hand out tracking links.
        t.string('token_hash', 64).notNullable()
        parent(t, 'ticket_id', 'tickets')
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.primary(['tenant_id', 'token_hash'])
        t.unique(['token_hash'])
      })
      await knex.schema.createTable('ticket_user_regions', (t) => {
        t.uuid('tenant_id').notNullable()
        t.uuid('user_id').notNullable()
        t.string('region', 64).notNullable()
        t.primary(['tenant_id', 'user_id', 'region'])
        t.foreign(['tenant_id', 'user_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE')
      })
      // Tenants created before this plugin was installed get the default statuses too.
      const tenants = await knex('tenants').select('id')
      if (tenants.length) await knex('ticket_statuses').insert(tenants.flatMap(t => statusRows(t.id)))
    },
    async down(knex) {
      for (const t of ['ticket_user_regions', 'ticket_portal_tokens', 'ticket_idempotency_keys', 'ticket_links', 'ticket_attachments', 'ticket_comments', 'ticket_events', 'ticket_counters', 'tickets', 'ticket_statuses', 'ticket_types', 'ticket_template_versions', 'ticket_templates'])
        await knex.schema.dropTableIfExists(t)
    },
  },
  {
    name: '002_board_indexes',
    // The live board counts resolutions per hour/day every few seconds (decision 0008).
    async up(knex) {
      await knex.raw('create index tickets_resolved_at on tickets (tenant_id, resolved_at) where resolved_at is not null')
    },
    async down(knex) {
      await knex.raw('drop index if exists tickets_resolved_at')
    },
  },
]

/**
 * Search is `search_text ILIKE '%…%'` (finds Chinese substrings without a tokenizer). A pg_trgm
 * GIN index makes that fast where the extension exists (PostgreSQL contrib; PGlite loads it in
 * @scrm/store); elsewhere the same query runs as a scan.
 */
async function searchIndex(knex: Knex): Promise<void> {
  const { rows } = await knex.raw(`select 1 from pg_available_extensions where name = 'pg_trgm'`)
  if (!rows.length) return
  await knex.raw('create extension if not exists pg_trgm')
  await knex.raw('create index tickets_search_trgm on tickets using gin (search_text gin_trgm_ops)')
}
