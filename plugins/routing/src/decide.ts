import type { DroppedCandidate, ScoredCandidate } from '@scrm/kernel'
import { type Agent, isOnDutyAt, type LocalTime, localTime, type OrgSnapshot, parseSkillNeeds, selectPool, type SkillNeed, skillGap } from '@scrm/plugin-org'
import type { TicketFacts } from './facts.js'
import { type Ranked, tieBreakOf, topK } from './rank.js'
import { type CompiledRule, matchRule, type PoolSpec, raises } from './rules.js'
import type { ExperienceStat, RoutingCandidate, RoutingStrategy, StrategyContext } from './strategies/types.js'

/** Everything a decision reads, in memory. The database only loads it and stores the outcome. */
export interface RoutingSnapshot {
  org: OrgSnapshot
  rules: CompiledRule[]
  /** Open tickets by user (missing = 0). */
  loads: ReadonlyMap<string, number>
  /** Round-robin cursors: pool key → the user who got the previous ticket. */
  cursors: ReadonlyMap<string, string>
  experience: (ticketType: string | null) => ReadonlyMap<string, ExperienceStat> | undefined
  strategy: (id: string) => RoutingStrategy | undefined
  /** Used when no rule matches (tenant setting); none = the ticket is left unrouted, and says so. */
  fallback?: { pool: PoolSpec, strategy: string } | null
}

export interface RouteRequest {
  ticket: TicketFacts
  /** An explicit pool and strategy (a flow's `assign: { strategy, team … }`) instead of the rules. */
  direct?: { pool: PoolSpec, strategy: string, config?: Record<string, unknown> }
  /** People not to pick (an escalation away from the current assignee). */
  exclude?: readonly string[]
  now: Date
}

export type Outcome = 'assigned' | 'queued' | 'unrouted'
export type DropReason = 'skill_missing' | 'skill_level' | 'off_duty' | 'at_capacity' | string

export interface RankedOut { userId: string, name: string, score: number, why?: string, load: number, capacity: number, details?: Record<string, unknown> }
export interface DroppedOut { userId: string, name: string, reason: DropReason, detail?: string }

/** Why a ticket went where it went: stored in routing_assignments and summarised on the timeline. */
export interface Decision {
  outcome: Outcome
  source: 'rule' | 'direct' | 'fallback' | 'none'
  rule: { id: string, name: string, index: number, keyword?: string } | null
  strategy: string | null
  pool: PoolSpec | null
  poolKey: string | null
  poolSize: number
  assigneeId: string | null
  team: string | null
  /** Ranked, best first (at most MAX_RANKED). */
  candidates: RankedOut[]
  /** Who was dropped by a hard rule and why (at most MAX_DROPPED; `droppedCounts` has them all). */
  dropped: DroppedOut[]
  droppedCounts: Record<string, number>
  /** What separated the winner from an equal score: see TIE_BREAK. */
  tieBreak: 'load_ratio' | 'load' | 'user_id' | null
  raisePriority: string | null
  tags: string[]
  notes: string[]
}

export const MAX_RANKED = 10
export const MAX_DROPPED = 50
/**
 * Ties on score are broken, in order, by: lower open/capacity ratio, fewer open tickets, then
 * the smaller user id. Deterministic: the same snapshot always gives the same person.
 */
export const TIE_BREAK = ['load_ratio', 'load', 'user_id'] as const

export const poolKey = (p: PoolSpec) =>
  `team=${p.team ?? ''}|role=${p.role ?? ''}|region=${p.region ?? ''}|skills=${[...(p.skills ?? [])].sort().join(',')}`

// Local time per zone and minute: one Intl call per zone per minute, not per person and decision.
const clockCache = new Map<string, LocalTime>()
function localAt(now: Date, tz: string | null): LocalTime {
  const key = `${tz ?? ''}@${Math.floor(now.getTime() / 60_000)}`
  let t = clockCache.get(key)
  if (!t) {
    if (clockCache.size > 1000) clockCache.clear()
    t = localTime(now, tz)
    clockCache.set(key, t)
  }
  return t
}

const needCache = new Map<string, SkillNeed[]>()
function needsOf(skills: string[] | undefined): SkillNeed[] {
  if (!skills?.length) return []
  const key = skills.join('\u0000')
  let n = needCache.get(key)
  if (!n) {
    n = parseSkillNeeds(skills) ?? []
    if (needCache.size > 10_000) needCache.clear()
    needCache.set(key, n)
  }
  return n
}

function empty(source: Decision['source'], notes: string[]): Decision {
  return {
    outcome: 'unrouted', source, rule: null, strategy: null, pool: null, poolKey: null, poolSize: 0, assigneeId: null, team: null,
    candidates: [], dropped: [], droppedCounts: {}, tieBreak: null, raisePriority: null, tags: [], notes,
  }
}

/** Hard rules every strategy shares: required skills, on duty now, under capacity. */
function hardFilter(agents: Agent[], snap: RoutingSnapshot, needs: SkillNeed[], req: RouteRequest, drop: (a: Agent, reason: DropReason, detail?: string) => void): RoutingCandidate[] {
  const out: RoutingCandidate[] = []
  const now = req.now
  // Most people share a zone (null = the tenant default): one lookup for them all.
  let zoneOf: string | null | undefined
  let local: LocalTime | undefined
  for (const a of agents) {
    if (req.exclude?.includes(a.userId)) { drop(a, 'excluded'); continue }
    const gap = needs.length ? skillGap(a.skills, needs) : undefined
    if (gap) { drop(a, gap.kind === 'missing' ? 'skill_missing' : 'skill_level', gap.kind === 'missing' ? gap.need.skill : `${gap.need.skill} ${gap.has} < ${gap.need.min}`); continue }
    if (a.rota.shifts.length || a.rota.overrides.size) {
      if (!local || zoneOf !== a.rota.timezone) { zoneOf = a.rota.timezone; local = localAt(now, zoneOf) }
      if (!isOnDutyAt(a.rota, local)) { drop(a, 'off_duty'); continue }
    }
    const load = snap.loads.get(a.userId) ?? 0
    if (load >= a.capacity) { drop(a, 'at_capacity', `${load}/${a.capacity}`); continue }
    out.push({ userId: a.userId, name: a.name, load, capacity: a.capacity, skills: a.skills, location: a.location, teams: a.teams })
  }
  return out
}

interface Choice {
  source: Decision['source']
  spec: { pool: PoolSpec, strategy: string, config: Record<string, unknown> }
  rule: Decision['rule']
  raise: string | null
  tags: string[]
  notes: string[]
}

/** Which pool and strategy: the direct one, else the first matching rule, else the fallback. */
function choose(snap: RoutingSnapshot, req: RouteRequest): Choice | { none: true, notes: string[] } {
  const notes: string[] = []
  if (req.direct) return { source: 'direct', spec: { pool: req.direct.pool, strategy: req.direct.strategy, config: req.direct.config ?? {} }, rule: null, raise: null, tags: [], notes }
  const m = matchRule(snap.rules, req.ticket, r => notes.push(`rule "${r.name}" failed to evaluate`))
  if (m) {
    return {
      source: 'rule', spec: m.rule, notes, tags: m.rule.tags,
      rule: { id: m.rule.id, name: m.rule.name, index: m.index, ...(m.keyword ? { keyword: m.keyword } : {}) },
      raise: raises(req.ticket.priority, m.rule.raisePriority) ? m.rule.raisePriority : null,
    }
  }
  if (snap.fallback) return { source: 'fallback', spec: { ...snap.fallback, config: {} }, rule: null, raise: null, tags: [], notes }
  return { none: true, notes: [...notes, 'no rule matched and no fallback pool is set'] }
}

const resolvedPool = (spec: PoolSpec, ticket: TicketFacts): PoolSpec =>
  ({ ...spec, region: spec.region === '$ticket' ? ticket.region : spec.region })

/**
 * The first half of a decision, for callers that read from the database: which strategy and
 * pool, and who is in it (so only their loads are read).
 */
export function plan(snap: Omit<RoutingSnapshot, 'loads' | 'cursors'>, req: RouteRequest): { strategy: string, poolKey: string, userIds: string[] } | undefined {
  const c = choose(snap as RoutingSnapshot, req)
  if ('none' in c) return undefined
  return { strategy: c.spec.strategy, poolKey: poolKey(c.spec.pool), userIds: selectPool(snap.org, resolvedPool(c.spec.pool, req.ticket)).agents.map(a => a.userId) }
}

/**
 * The routing decision: pick the rule (or take the direct pool), build the pool, apply the hard
 * rules, let the strategy filter and score, break ties. Pure and synchronous for the built-in
 * strategies (a plugin strategy may return a promise; then so does this).
 */
export function decide(snap: RoutingSnapshot, req: RouteRequest): Decision | Promise<Decision> {
  const c = choose(snap, req)
  if ('none' in c) return empty('none', c.notes)
  const { source, spec, rule, raise: raisePriority, tags, notes } = c
  const pool = resolvedPool(spec.pool, req.ticket)
  const strategy = snap.strategy(spec.strategy)
  if (!strategy) notes.push(`strategy "${spec.strategy}" is not available: least-load used`)
  const s = strategy ?? snap.strategy('least-load')!
  const selected = selectPool(snap.org, pool)
  if (selected.unknownTeam) notes.push(`team "${selected.unknownTeam}" does not exist`)
  if (selected.unknownRegion) notes.push(`region "${selected.unknownRegion}" is not in the region tree: not used`)

  const dropped: DroppedOut[] = []
  const droppedCounts: Record<string, number> = {}
  const drop = (userId: string, name: string, reason: string, detail?: string) => {
    droppedCounts[reason] = (droppedCounts[reason] ?? 0) + 1
    if (dropped.length < MAX_DROPPED) dropped.push(detail === undefined ? { userId, name, reason } : { userId, name, reason, detail })
  }
  const needs = needsOf(pool.skills)
  let candidates = hardFilter(selected.agents, snap, needs, req, (a, reason, detail) => drop(a.userId, a.name, reason, detail))
  const key = poolKey(spec.pool)
  const ctx: StrategyContext = {
    ticket: req.ticket, needs, cursor: snap.cursors.get(key) ?? null, config: spec.config, now: req.now,
    experience: s.id === 'experience' ? snap.experience(req.ticket.type) : undefined,
  }
  if (s.filter && candidates.length) {
    const f = s.filter(candidates, ctx)
    const names = new Map(candidates.map(c => [c.userId, c.name]))
    for (const d of f.dropped as DroppedCandidate[]) drop(d.userId, names.get(d.userId) ?? '', d.reason, d.detail)
    candidates = f.kept
  }
  const team = pool.team ?? null
  const poolSize = selected.agents.length
  // Built field by field (no spreads): this object is made on every decision.
  const result = (outcome: Outcome, ranked: Ranked[]): Decision => ({
    outcome, source, rule, strategy: s.id, pool: spec.pool, poolKey: key, poolSize,
    assigneeId: ranked.length ? ranked[0].c.userId : null, team,
    candidates: ranked.map(({ s: x, c }) => {
      const e = s.explain ? s.explain(c, x, ctx) : x
      return e.details ? { userId: c.userId, name: c.name, score: x.score, why: e.why, load: c.load, capacity: c.capacity, details: e.details } : { userId: c.userId, name: c.name, score: x.score, why: e.why, load: c.load, capacity: c.capacity }
    }),
    dropped, droppedCounts, tieBreak: ranked.length ? tieBreakOf(ranked[0], ranked[1]) : null, raisePriority, tags, notes,
  })
  if (!candidates.length) return result('queued', [])
  const finish = (scored: ScoredCandidate[]): Decision => {
    const ranked = topK(candidates, scored, MAX_RANKED)
    return result(ranked.length ? 'assigned' : 'queued', ranked)
  }
  const scored = s.rank(candidates, ctx) as ScoredCandidate[] | Promise<ScoredCandidate[]>
  return scored instanceof Promise ? scored.then(finish) : finish(scored)
}
