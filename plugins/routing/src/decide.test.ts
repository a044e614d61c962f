import { describe, expect, it } from 'vitest'
import { type Decision, decide, poolKey, type RouteRequest, type RoutingSnapshot } from './decide.js'
import { compileTagger } from './keywords.js'
import { agent, facts, orgOf, rule, snapshotOf } from './synthetic.js'

const MONDAY_10 = new Date('2025-06-02T02:00:00Z') // 10:00 in Shanghai
const run = (snap: RoutingSnapshot, req: Partial<RouteRequest> = {}) => decide(snap, { ticket: facts(), now: MONDAY_10, ...req }) as Decision
const direct = (strategy: string, pool: object = { team: 'a' }, config = {}) => ({ pool, strategy, config })

describe('strategies: ties broken by load ratio, then open tickets, then user id', () => {
  const team = (over: Array<Parameters<typeof agent>[1]>) => orgOf(over.map((o, i) => agent(i + 1, { teams: ['a'], ...o })), [{ key: 'a' }])

  it('least-load: equal ratio → fewer open tickets wins; all equal → smaller user id', () => {
    const org = team([{ capacity: 10 }, { capacity: 5 }, { capacity: 10 }])
    const [a1, a2, a3] = org.agents
    const loads = new Map([[a1.userId, 2], [a2.userId, 1], [a3.userId, 2]])
    const d = run(snapshotOf(org, [], { loads }), { direct: direct('least-load') })
    expect(d).toMatchObject({ outcome: 'assigned', assigneeId: a2.userId, tieBreak: 'load' })
    expect(d.candidates.map(c => c.score)).toEqual([0.8, 0.8, 0.8])
    const even = run(snapshotOf(team([{}, {}]), [], {}), { direct: direct('least-load') })
    expect(even).toMatchObject({ assigneeId: agent(1).userId, tieBreak: 'user_id' })
  })

  it('round-robin: turns in user-id order from the stored cursor, wrapping; never a tie', () => {
    const org = team([{}, {}, {}])
    const ids = org.agents.map(a => a.userId)
    const key = poolKey({ team: 'a' })
    const next = (cursor?: string) => run(snapshotOf(org, [], { cursors: new Map(cursor ? [[key, cursor]] : []) }), { direct: direct('round-robin') })
    expect(next().assigneeId).toBe(ids[0])
    expect(next(ids[0]).assigneeId).toBe(ids[1])
    expect(next(ids[2]).assigneeId).toBe(ids[0])
    expect(next(ids[1]).tieBreak).toBeNull()
  })

  it('skills: highest mean level on the required skills; equal levels tie', () => {
    const org = team([{ skills: { 空调: 3 } }, { skills: { 空调: 5 } }, { skills: { 空调: 5 } }, { skills: {} }])
    const loads = new Map([[org.agents[1].userId, 3]])
    const d = run(snapshotOf(org, [], { loads }), { direct: direct('skills', { team: 'a', skills: ['空调'] }) })
    expect(d).toMatchObject({ assigneeId: org.agents[2].userId, tieBreak: 'load_ratio' })
    expect(d.droppedCounts).toEqual({ skill_missing: 1 })
  })

  it('nearest: shortest great-circle distance; people without a location dropped; same spot ties', () => {
    const here = { lat: 31.23, lng: 121.47 }
    const org = team([{ location: { lat: 31.3, lng: 121.5 } }, { location: here }, { location: here }, {}])
    const loads = new Map([[org.agents[1].userId, 4]])
    const d = run(snapshotOf(org, [], { loads }), { direct: direct('nearest'), ticket: facts({ location: here }) })
    expect(d).toMatchObject({ assigneeId: org.agents[2].userId, tieBreak: 'load_ratio' })
    expect(d.droppedCounts).toEqual({ no_location: 1 })
    expect(d.candidates[2].why).toMatch(/km$/)
    const far = run(snapshotOf(org), { direct: direct('nearest', { team: 'a' }, { maxKm: 1 }), ticket: facts({ location: { lat: 39.9, lng: 116.4 } }) })
    expect(far).toMatchObject({ outcome: 'queued', team: 'a', droppedCounts: { no_location: 1, too_far: 3 } })
  })

  it('experience: smoothed resolution rate and speed on the type; no history on both ties', () => {
    const org = team([{}, {}, {}])
    const [a1, a2, a3] = org.agents
    const stats = new Map([[a1.userId, { handled: 20, resolved: 18, avgHours: 6 }], [a2.userId, { handled: 1, resolved: 1, avgHours: 1 }]])
    const d = run(snapshotOf(org, [], { experience: () => stats }), { direct: direct('experience') })
    expect(d.assigneeId).toBe(a1.userId)
    expect(d.candidates.map(c => c.userId)).toEqual([a1.userId, a2.userId, a3.userId])
    const fresh = run(snapshotOf(org, [], { loads: new Map([[a1.userId, 1], [a3.userId, 2]]) }), { direct: direct('experience') })
    expect(fresh).toMatchObject({ assigneeId: a2.userId, tieBreak: 'load_ratio' })
  })

  it('every strategy with an empty pool queues to the team, never silently', () => {
    for (const s of ['round-robin', 'least-load', 'skills', 'nearest', 'experience']) {
      const d = run(snapshotOf(orgOf([], [{ key: 'a' }])), { direct: direct(s) })
      expect(d, s).toMatchObject({ outcome: 'queued', team: 'a', assigneeId: null, poolSize: 0 })
    }
  })
})

describe('hard filters', () => {
  it('drops off duty, at capacity, missing or too low skills — and says why', () => {
    const mondayOnly = { timezone: null, shifts: [{ weekday: 2, start: 540, end: 1080 }], overrides: new Map() }
    const org = orgOf([
      agent(1, { teams: ['a'], skills: { 空调: 4 }, rota: mondayOnly }),
      agent(2, { teams: ['a'], skills: { 空调: 4 }, capacity: 2 }),
      agent(3, { teams: ['a'], skills: { 空调: 2 } }),
      agent(4, { teams: ['a'], skills: {} }),
      agent(5, { teams: ['a'], skills: { 空调: 3 }, active: false }),
      agent(6, { teams: ['a'], skills: { 空调: 3 } }),
    ], [{ key: 'a' }])
    const loads = new Map([[agent(2).userId, 2]])
    const d = run(snapshotOf(org, [], { loads }), { direct: direct('least-load', { team: 'a', skills: ['空调:3'] }) })
    expect(d.assigneeId).toBe(agent(6).userId)
    expect(d.dropped.map(x => [x.name, x.reason])).toEqual([['agent1', 'off_duty'], ['agent2', 'at_capacity'], ['agent3', 'skill_level'], ['agent4', 'skill_missing']])
    expect(d.poolSize).toBe(5) // inactive people are not in the pool at all
  })

  it('overnight shifts and day overrides', () => {
    const night = { timezone: null, shifts: [{ weekday: 7, start: 1320, end: 600 }], overrides: new Map() }
    const org = orgOf([agent(1, { teams: ['a'], rota: night })], [{ key: 'a' }])
    // Monday 09:30 Shanghai is still Sunday night's shift.
    expect(run(snapshotOf(org), { direct: direct('least-load'), now: new Date('2025-06-02T01:30:00Z') }).outcome).toBe('assigned')
    expect(run(snapshotOf(org), { direct: direct('least-load'), now: new Date('2025-06-02T02:30:00Z') }).outcome).toBe('queued')
    const off = { ...night, overrides: new Map([['2025-06-02', { date: '2025-06-02', onDuty: false, start: null, end: null }]]) }
    expect(run(snapshotOf(orgOf([agent(1, { teams: ['a'], rota: off })], [{ key: 'a' }])), { direct: direct('least-load'), now: new Date('2025-06-02T01:30:00Z') }).outcome).toBe('queued')
  })
})

describe('rules', () => {
  const org = orgOf([agent(1, { teams: ['senior'] }), agent(2, { teams: ['desk'] }), agent(3, { teams: ['tech'] })], [{ key: 'senior' }, { key: 'desk' }, { key: 'tech' }])
  const rules = [
    rule(1, { name: 'VIP 故障 → 高级组', when: { and: [{ var: 'customer.vip' }, { in: ['故障', { var: 'ticket.text' }] }] }, pool: { team: 'senior' }, raisePriority: 'urgent', tags: ['vip-fault'] }),
    rule(2, { name: '物流咨询 → 服务台', keywords: ['物流', '快递'], pool: { team: 'desk' }, strategy: 'round-robin' }),
    rule(3, { name: '产品故障 → 技术组', keywords: ['故障'], pool: { team: 'tech' } }),
  ]
  const snap = snapshotOf(org, rules)
  const vip = { tier: 'VIP', vip: true, tags: [], region: null }

  it('first match wins, in order; VIP + 故障 → senior (priority raised, tagged); 物流 → desk', () => {
    expect(run(snap, { ticket: facts({ title: '空调故障', customer: vip }) })).toMatchObject({ rule: { name: 'VIP 故障 → 高级组', index: 0 }, assigneeId: agent(1).userId, raisePriority: 'urgent', tags: ['vip-fault'] })
    expect(run(snap, { ticket: facts({ title: '空调故障' }) })).toMatchObject({ rule: { name: '产品故障 → 技术组' }, assigneeId: agent(3).userId, raisePriority: null })
    expect(run(snap, { ticket: facts({ title: '物流咨询：快递没到', customer: vip }) })).toMatchObject({ rule: { name: '物流咨询 → 服务台', keyword: '物流' }, assigneeId: agent(2).userId })
    expect(run(snap, { ticket: facts({ title: '发票问题' }) })).toMatchObject({ outcome: 'unrouted', source: 'none', notes: [expect.stringContaining('no rule matched')] })
    expect(run(snapshotOf(org, rules, { fallback: { pool: { team: 'desk' }, strategy: 'least-load' } }), { ticket: facts({ title: '发票问题' }) })).toMatchObject({ source: 'fallback', assigneeId: agent(2).userId })
  })

  it('a rule whose condition throws is skipped and noted, the next one still applies', () => {
    const bad = rule(0, { name: 'broken', when: { '/': [1] } })
    const d = run(snapshotOf(org, [bad, ...rules]), { ticket: facts({ title: '空调故障' }) })
    expect(d).toMatchObject({ rule: { name: '产品故障 → 技术组' }, notes: ['rule "broken" failed to evaluate'] })
  })

  it('same input, same decision (deterministic)', () => {
    const t = facts({ title: '空调故障', customer: vip })
    expect(run(snap, { ticket: t })).toEqual(run(snap, { ticket: t }))
  })
})

describe('keyword dictionaries', () => {
  const tagger = compileTagger([
    { id: '1', key: 'models', match: 'token', tagPrefix: 'model:', entries: [{ term: 'KFR-35GW' }, { term: 'KFR-35' }], enabled: true },
    { id: '2', key: 'faults', match: 'token', tagPrefix: 'fault:', entries: [{ term: 'E1' }, { term: 'F3' }], enabled: true },
    { id: '3', key: 'words', match: 'substring', tagPrefix: '', entries: [{ term: '漏水', tag: '漏水' }], enabled: true },
  ])
  it('tags model numbers and fault codes as whole codes, case-insensitive, words anywhere', () => {
    expect(tagger.tag('客厅kfr-35gw空调显示E1故障，还漏水').map(h => h.tag)).toEqual(['model:KFR-35GW', 'fault:E1', '漏水'])
    expect(tagger.tag('错误码 E12 和 XF3、KE1')).toEqual([])
    expect(tagger.tag('F3 then f3 again').map(h => h.tag)).toEqual(['fault:F3'])
  })
})
