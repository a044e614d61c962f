// Seeds a tenant for the end-to-end routing benchmark straight into the tables (fast), in the
// shape of the pure benchmark: 1,000 agents in 20 teams, 20 rules, 2,000 open tickets as load.
import { randomUUID } from 'node:crypto'
import type { Knex } from '../../packages/store/src/index.js'
import { syntheticTenant } from '../../plugins/routing/src/synthetic.js'

const chunks = async (knex: Knex, table: string, rows: object[]) => {
  for (let i = 0; i < rows.length; i += 500) await knex(table).insert(rows.slice(i, i + 500))
}

export async function seedRouting(knex: Knex, tenantId: string, toRoute: number) {
  const t = syntheticTenant({ agents: 1000, teams: 20, rules: 20 })
  const teams = Array.from({ length: 20 }, (_, i) => ({ tenant_id: tenantId, id: randomUUID(), key: `team${i}`, name: `组${i}` }))
  await chunks(knex, 'users', t.agents.map(a => ({ tenant_id: tenantId, id: a.userId, username: a.name, display_name: a.name, role: 'agent' })))
  await chunks(knex, 'org_teams', teams)
  const teamId = new Map(teams.map(x => [x.key, x.id]))
  await chunks(knex, 'org_profiles', t.agents.map(a => ({ tenant_id: tenantId, user_id: a.userId, capacity: a.capacity, lat: a.location?.lat, lng: a.location?.lng })))
  await chunks(knex, 'org_team_members', t.agents.flatMap(a => a.teams.map(k => ({ tenant_id: tenantId, user_id: a.userId, team_id: teamId.get(k) }))))
  await chunks(knex, 'org_user_skills', t.agents.flatMap(a => Object.entries(a.skills).map(([skill, level]) => ({ tenant_id: tenantId, user_id: a.userId, skill, level }))))
  await chunks(knex, 'org_shifts', t.agents.flatMap(a => a.rota.shifts.map(s => ({ tenant_id: tenantId, user_id: a.userId, weekday: s.weekday, start_min: s.start, end_min: s.end }))))
  await chunks(knex, 'routing_rules', t.rules.map(r => ({
    tenant_id: tenantId, id: r.id, name: r.name, position: r.position, condition: r.when === null ? null : JSON.stringify(r.when), keywords: r.keywords,
    pool: JSON.stringify(r.pool), strategy: r.strategy, config: '{}', raise_priority: r.raisePriority, tags: r.tags,
  })))
  const types = Array.from({ length: 20 }, (_, i) => ({ tenant_id: tenantId, id: randomUUID(), key: `type${i}`, name: JSON.stringify({ 'zh-CN': `类型${i}`, 'en-US': `type${i}` }) }))
  await chunks(knex, 'ticket_types', types)
  const typeId = new Map(types.map(x => [x.key, x.id]))
  const vip = { tenant_id: tenantId, id: randomUUID(), name: '钱总', tier: 'VIP' }
  const plain = { tenant_id: tenantId, id: randomUUID(), name: '张三' }
  await knex('customers').insert([vip, plain])
  let n = 0
  const row = (f: ReturnType<typeof t.ticket>, assignee: string | null) => ({
    tenant_id: tenantId, id: randomUUID(), number: `B${String(++n).padStart(8, '0')}`, title: f.title, description: f.description, type_id: typeId.get(f.type!) ?? null,
    fields: JSON.stringify({ site: f.location }), status: assignee ? 'open' : 'new', status_category: assignee ? 'open' : 'new', priority: f.priority, channel: f.channel!,
    customer_id: f.customer.vip ? vip.id : plain.id, assignee_id: assignee,
  })
  // Load: 2,000 open tickets spread over the agents.
  await chunks(knex, 'tickets', Array.from({ length: 2000 }, (_, i) => row(t.ticket(), t.agents[(i * 7) % t.agents.length].userId)))
  const pending = Array.from({ length: toRoute }, () => row(t.ticket(), null))
  await chunks(knex, 'tickets', pending)
  return { ticketIds: pending.map(p => p.id), snapshot: t.snapshot }
}
