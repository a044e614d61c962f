import type { MigrationDef } from '@scrm/kernel'
import { type Knex, tenantColumns, timestamps } from '@scrm/store'

/** A column pointing at a user of the same tenant; `set null` clears only that column, never tenant_id. */
async function userRef(knex: Knex, table: string, column: string): Promise<void> {
  await knex.raw(`alter table ${table} add constraint ${table}_${column}_fk foreign key (tenant_id, ${column})
    references users (tenant_id, id) on delete set null (${column})`)
}

/** A self or sibling reference by (tenant_id, id): a row can never point into another tenant. */
async function ref(knex: Knex, table: string, column: string, target: string, onDelete: 'set null' | 'cascade' | 'restrict'): Promise<void> {
  const action = onDelete === 'set null' ? `set null (${column})` : onDelete
  await knex.raw(`alter table ${table} add constraint ${table}_${column}_fk foreign key (tenant_id, ${column})
    references ${target} (tenant_id, id) on delete ${action}`)
}

/** Link tables: keyed by tenant first, both ends cascade (a deleted user or team leaves no rows behind). */
function link(t: Knex.CreateTableBuilder) {
  t.uuid('tenant_id').notNullable()
  t.uuid('user_id').notNullable()
  t.foreign(['tenant_id', 'user_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE')
}

export const migrations: MigrationDef[] = [
  {
    name: '001_org',
    async up(knex) {
      await knex.schema.createTable('org_departments', (t) => {
        tenantColumns(t, knex)
        t.string('key', 64).notNullable()
        t.string('name', 100).notNullable()
        t.uuid('parent_id')
        t.uuid('manager_id')
        timestamps(t, knex)
        t.unique(['tenant_id', 'key'])
      })
      await ref(knex, 'org_departments', 'parent_id', 'org_departments', 'set null')
      await userRef(knex, 'org_departments', 'manager_id')

      // A tree (华东 → 上海 → 浦东). `path` holds the ids from the root down to the row itself,
      // so "does this agent serve that region" is an array containment test, no recursion.
      await knex.schema.createTable('org_regions', (t) => {
        tenantColumns(t, knex)
        t.string('code', 64).notNullable()
        t.string('name', 100).notNullable()
        t.string('level', 16).notNullable().defaultTo('area')
        t.uuid('parent_id')
        t.specificType('path', 'uuid[]').notNullable()
        t.uuid('manager_id')
        timestamps(t, knex)
        t.unique(['tenant_id', 'code'])
      })
      // restrict: removing 华东 while 上海 hangs below it would orphan a subtree silently.
      await ref(knex, 'org_regions', 'parent_id', 'org_regions', 'restrict')
      await userRef(knex, 'org_regions', 'manager_id')
      await knex.raw('create index org_regions_path_idx on org_regions using gin (path)')

      await knex.schema.createTable('org_teams', (t) => {
        tenantColumns(t, knex)
        // The key is what tickets store in `team` and what flows name in `assign.team`.
        t.string('key', 64).notNullable()
        t.string('name', 100).notNullable()
        t.uuid('department_id')
        t.uuid('region_id')
        t.uuid('supervisor_id')
        timestamps(t, knex)
        t.unique(['tenant_id', 'key'])
      })
      await ref(knex, 'org_teams', 'department_id', 'org_departments', 'set null')
      await ref(knex, 'org_teams', 'region_id', 'org_regions', 'set null')
      await userRef(knex, 'org_teams', 'supervisor_id')

      await knex.schema.createTable('org_profiles', (t) => {
        link(t)
        t.primary(['tenant_id', 'user_id'])
        t.uuid('supervisor_id')
        // Max open tickets; 0 = takes no new work (on leave, trainee) without leaving the teams.
        t.integer('capacity').notNullable().defaultTo(20)
        t.double('lat')
        t.double('lng')
        t.string('timezone', 64)
        // Business roles (senior, vip-agent, technician …) beside the platform role.
        t.specificType('roles', 'text[]').notNullable().defaultTo('{}')
        timestamps(t, knex)
      })
      await userRef(knex, 'org_profiles', 'supervisor_id')
      await knex.raw('alter table org_profiles add constraint org_profiles_capacity_check check (capacity >= 0)')
      await knex.raw('alter table org_profiles add constraint org_profiles_location_check check ((lat is null) = (lng is null))')

      await knex.schema.createTable('org_team_members', (t) => {
        link(t)
        t.uuid('team_id').notNullable()
        t.primary(['tenant_id', 'team_id', 'user_id'])
        t.foreign(['tenant_id', 'team_id']).references(['tenant_id', 'id']).inTable('org_teams').onDelete('CASCADE')
        t.index(['tenant_id', 'user_id'])
      })
      await knex.schema.createTable('org_user_skills', (t) => {
        link(t)
        t.string('skill', 64).notNullable()
        t.smallint('level').notNullable()
        t.primary(['tenant_id', 'user_id', 'skill'])
        t.index(['tenant_id', 'skill'])
      })
      await knex.raw('alter table org_user_skills add constraint org_user_skills_level_check check (level between 1 and 5)')
      await knex.schema.createTable('org_user_regions', (t) => {
        link(t)
        t.uuid('region_id').notNullable()
        t.primary(['tenant_id', 'user_id', 'region_id'])
        t.foreign(['tenant_id', 'region_id']).references(['tenant_id', 'id']).inTable('org_regions').onDelete('CASCADE')
      })
      // Weekly rota in the user's time zone, minutes since local midnight; end <= start spans midnight.
      await knex.schema.createTable('org_shifts', (t) => {
        link(t)
        t.smallint('weekday').notNullable() // ISO: 1 = Monday … 7 = Sunday
        t.smallint('start_min').notNullable()
        t.smallint('end_min').notNullable()
        t.primary(['tenant_id', 'user_id', 'weekday', 'start_min'])
      })
      await knex.raw('alter table org_shifts add constraint org_shifts_check check (weekday between 1 and 7 and start_min between 0 and 1439 and end_min between 0 and 1440)')
      // A date that differs from the rota: leave (off), an extra shift, a swapped window.
      await knex.schema.createTable('org_shift_overrides', (t) => {
        tenantColumns(t, knex)
        t.uuid('user_id').notNullable()
        t.foreign(['tenant_id', 'user_id']).references(['tenant_id', 'id']).inTable('users').onDelete('CASCADE')
        t.date('date').notNullable()
        t.boolean('on_duty').notNullable()
        t.smallint('start_min')
        t.smallint('end_min')
        t.string('note', 200)
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
        t.unique(['tenant_id', 'user_id', 'date'])
      })
      await knex.raw('alter table org_shift_overrides add constraint org_shift_overrides_window_check check ((start_min is null) = (end_min is null))')
    },
    async down(knex) {
      for (const t of ['org_shift_overrides', 'org_shifts', 'org_user_regions', 'org_user_skills', 'org_team_members', 'org_profiles', 'org_teams', 'org_regions', 'org_departments'])
        await knex.schema.dropTableIfExists(t)
    },
  },
]
