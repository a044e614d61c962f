import type { MigrationDef } from '@scrm/kernel'
import { type Knex, tenantColumns, timestamps } from '@scrm/store'

/** A reference by (tenant_id, id): a row can never point into another tenant. */
async function ref(knex: Knex, table: string, column: string, target: string, onDelete: 'cascade' | 'restrict'): Promise<void> {
  await knex.raw(`alter table ${table} add constraint ${table}_${column}_fk foreign key (tenant_id, ${column})
    references ${target} (tenant_id, id) on delete ${onDelete}`)
}

/**
 * Tenants' own formulas, the rules that charge departments per ticket type, and the lines written
 * when a ticket is resolved. Amounts are bigint fen (safe integers; never a float column).
 */
export const migrations: MigrationDef[] = [
  {
    name: '001_settlement',
    async up(knex) {
      await knex.schema.createTable('settlement_formulas', (t) => {
        tenantColumns(t, knex)
        /** Rules name it `custom.<key>`, so it can never shadow a plugin's formula id. */
        t.string('key', 64).notNullable()
        t.jsonb('name').notNullable()
        t.jsonb('inputs').notNullable()
        t.jsonb('params').notNullable()
        t.text('source').notNullable()
        t.integer('version').notNullable().defaultTo(1)
        timestamps(t, knex)
        t.unique(['tenant_id', 'key'])
      })

      await knex.schema.createTable('settlement_rules', (t) => {
        tenantColumns(t, knex)
        t.string('name', 200).notNullable()
        t.uuid('ticket_type_id').notNullable()
        t.uuid('department_id').notNullable()
        t.string('formula_id', 100).notNullable()
        t.jsonb('params').notNullable().defaultTo('{}')
        /** Input name → { field } | { fact } | { value }. */
        t.jsonb('inputs').notNullable().defaultTo('{}')
        /** JSON Logic over { ticket, facts }; null = always. */
        t.jsonb('condition')
        t.integer('position').notNullable().defaultTo(0)
        t.boolean('active').notNullable().defaultTo(true)
        t.integer('version').notNullable().defaultTo(1)
        timestamps(t, knex)
        t.index(['tenant_id', 'ticket_type_id', 'active', 'position'])
      })
      await ref(knex, 'settlement_rules', 'ticket_type_id', 'ticket_types', 'cascade')
      // restrict: a department that is charged by a rule cannot vanish from under it.
      await ref(knex, 'settlement_rules', 'department_id', 'org_departments', 'restrict')

      await knex.schema.createTable('settlement_lines', (t) => {
        tenantColumns(t, knex)
        t.uuid('ticket_id').notNullable()
        /** No FK: lines stay what was settled even when the rule is later edited or deleted. */
        t.uuid('rule_id')
        t.string('rule_name', 200).notNullable()
        t.uuid('department_id').notNullable()
        t.string('formula_id', 100).notNullable()
        t.jsonb('inputs').notNullable()
        t.jsonb('params').notNullable()
        t.bigInteger('amount_fen').notNullable()
        /** Month of resolution in Beijing time, `2026-03`. */
        t.string('period', 7).notNullable()
        t.timestamp('resolved_at', { useTz: true }).notNullable()
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.index(['tenant_id', 'period', 'department_id'])
        t.index(['tenant_id', 'ticket_id'])
      })
      await knex.raw('alter table settlement_lines add constraint settlement_lines_amount_check check (amount_fen >= 0)')
      await ref(knex, 'settlement_lines', 'ticket_id', 'tickets', 'cascade')
      await ref(knex, 'settlement_lines', 'department_id', 'org_departments', 'restrict')
    },
    async down(knex) {
      for (const t of ['settlement_lines', 'settlement_rules', 'settlement_formulas']) await knex.schema.dropTableIfExists(t)
    },
  },
]
