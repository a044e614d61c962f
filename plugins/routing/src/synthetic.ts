import type { Agent, OrgSnapshot, Region, Team } from '@scrm/plugin-org'
import type { RoutingSnapshot } from './decide.js'
import { isVip, type TicketFacts } from './facts.js'
import { type CompiledRule, compileRules, type RoutingRule } from './rules.js'
import { builtInStrategies } from './strategies/index.js'

/**
 * In-memory organisations, rules and tickets for unit tests and the routing benchmark: no
 * database, deterministic (seeded), shaped like the seeds' after-sales examples.
 */
export function rng(seed = 42) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6D2B79F5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const uuid = (n: number, prefix = 'a') => `${prefix.padEnd(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`

export function agent(n: number, over: Partial<Agent> = {}): Agent {
  return {
    userId: uuid(n), name: `agent${n}`, role: 'agent', roles: [], active: true, teams: [], skills: {}, regionIds: [], location: null,
    capacity: 10, supervisorId: null, rota: { timezone: null, shifts: [], overrides: new Map() }, ...over,
  }
}

export function orgOf(agents: Agent[], teams: Array<Partial<Team> & { key: string }> = [], regions: Region[] = []): OrgSnapshot {
  const sorted = [...agents].sort((a, b) => (a.userId < b.userId ? -1 : 1))
  const byTeam = new Map<string, Agent[]>()
  for (const a of sorted) if (a.active) for (const k of a.teams) byTeam.set(k, [...(byTeam.get(k) ?? []), a])
  const regionByRef = new Map<string, Region>()
  for (const r of regions) { regionByRef.set(r.name, r); regionByRef.set(r.code, r); regionByRef.set(r.id, r) }
  return {
    tenantId: 't', agents: sorted, byId: new Map(sorted.map(a => [a.userId, a])), byTeam, active: sorted.filter(a => a.active),
    teams: new Map(teams.map(t => [t.key, { id: uuid(t.key.length, 'f'), name: t.key, departmentId: null, regionId: null, supervisorId: null, createdAt: '', updatedAt: '', ...t }])),
    regions: new Map(regions.map(r => [r.id, r])), regionByRef, loadedAt: new Date(),
  }
}

export function snapshotOf(org: OrgSnapshot, rules: RoutingRule[] = [], extra: Partial<RoutingSnapshot> = {}): RoutingSnapshot {
  const strategies = new Map(builtInStrategies.map(s => [s.id, s]))
  return { org, rules: compileRules(rules), loads: new Map(), cursors: new Map(), experience: () => undefined, strategy: id => strategies.get(id), ...extra }
}

export function facts(over: Partial<TicketFacts> = {}): TicketFacts {
  return {
    type: 'repair', title: '空调不制冷', description: '', priority: 'normal', region: null, channel: 'api', team: null, assigneeId: null,
    fields: {}, tags: [], customer: { tier: null, vip: false, tags: [], region: null }, location: null, ...over,
  }
}

export function rule(n: number, over: Partial<RoutingRule> = {}): RoutingRule {
  return { id: uuid(n, 'b'), name: `rule${n}`, position: n * 10, enabled: true, when: null, keywords: [], pool: {}, strategy: 'least-load', config: {}, raisePriority: null, tags: [], ...over }
}

const SKILLS = ['空调', '冰箱', '洗衣机', '热水器', '电视', '变频', '安装', '投诉']
const CHANNELS = ['api', 'portal', 'chat', 'wecom', 'phone']
const STRATEGIES = ['least-load', 'skills', 'round-robin', 'nearest', 'experience']

/**
 * A tenant of `agents` people in `teams` teams (skills with levels, Shanghai-area locations,
 * weekday 08:00–20:00 rotas for half of them, loads up to capacity) and `rules` rules of the
 * seeds' kinds (VIP fault → senior, 物流 → service desk, per-channel, per-priority …), the last
 * one a catch-all. Returns the snapshot and a ticket generator.
 */
export function syntheticTenant(opts: { agents: number, teams: number, rules: number, seed?: number }) {
  const rand = rng(opts.seed)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]
  const teamKeys = Array.from({ length: opts.teams }, (_, i) => `team${i}`)
  const agents: Agent[] = []
  const loads = new Map<string, number>()
  for (let i = 0; i < opts.agents; i++) {
    const skills: Record<string, number> = {}
    for (let k = 0; k < 3; k++) skills[pick(SKILLS)] = 1 + Math.floor(rand() * 5)
    const a = agent(i + 1, {
      teams: [teamKeys[i % opts.teams]], skills, capacity: 5 + Math.floor(rand() * 20),
      location: { lat: 31 + rand() * 0.5, lng: 121.2 + rand() * 0.6 },
      rota: { timezone: null, shifts: i % 2 ? [1, 2, 3, 4, 5].map(weekday => ({ weekday, start: 480, end: 1200 })) : [], overrides: new Map() },
    })
    agents.push(a)
    loads.set(a.userId, Math.floor(rand() * a.capacity))
  }
  const rules: RoutingRule[] = []
  const kinds: Array<(n: number) => Partial<RoutingRule>> = [
    n => ({ when: { and: [{ '==': [{ var: 'customer.vip' }, true] }, { in: ['故障', { var: 'ticket.text' }] }] }, raisePriority: 'urgent', pool: { team: teamKeys[n % opts.teams], skills: ['空调:3'] }, strategy: 'skills' }),
    n => ({ keywords: ['物流', '快递', '发货'], pool: { team: teamKeys[n % opts.teams] }, strategy: 'round-robin' }),
    n => ({ when: { '==': [{ var: 'ticket.channel' }, pick(CHANNELS)] }, pool: { team: teamKeys[n % opts.teams] }, strategy: pick(STRATEGIES) }),
    n => ({ when: { in: [{ var: 'ticket.priority' }, ['high', 'urgent']] }, pool: { team: teamKeys[n % opts.teams] }, strategy: 'least-load' }),
    n => ({ when: { '==': [{ var: 'ticket.type' }, `type${n}`] }, pool: { team: teamKeys[n % opts.teams], skills: [pick(SKILLS)] }, strategy: pick(STRATEGIES) }),
  ]
  for (let n = 0; n < opts.rules - 1; n++) rules.push(rule(n + 1, kinds[n % kinds.length](n)))
  rules.push(rule(opts.rules, { name: 'catch-all', pool: { team: teamKeys[0] }, strategy: 'least-load' }))
  const experience = new Map(agents.map(a => [a.userId, { handled: 10 + Math.floor(rand() * 50), resolved: Math.floor(rand() * 10), avgHours: rand() * 48 }]))
  const snapshot = snapshotOf(orgOf(agents, teamKeys.map(key => ({ key }))), rules, { loads, experience: () => experience })
  const TITLES = ['空调不制冷 E1 故障', '物流咨询：快递三天未到', '冰箱异响', '洗衣机漏水', '安装预约', '投诉服务态度', 'KFR-35GW 外机不转']
  const ticket = (): TicketFacts => {
    const tier = rand() < 0.2 ? 'VIP' : null
    return facts({
      type: `type${Math.floor(rand() * opts.rules)}`, title: pick(TITLES), description: '客户来电反映问题，需要尽快上门处理', priority: pick(['low', 'normal', 'high', 'urgent']),
      channel: pick(CHANNELS), customer: { tier, vip: isVip(tier), tags: [], region: null }, location: { lat: 31 + rand() * 0.5, lng: 121.2 + rand() * 0.6 },
    })
  }
  return { snapshot, agents, rules: snapshot.rules as CompiledRule[], ticket }
}
