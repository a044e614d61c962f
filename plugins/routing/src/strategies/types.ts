import type { AssignmentStrategyDef, DroppedCandidate, ScoredCandidate } from '@scrm/kernel'
import type { LatLng, SkillNeed } from '@scrm/plugin-org'
import type { TicketFacts } from '../facts.js'

/** A person as strategies see them: who, their load and what they can do. */
export interface RoutingCandidate {
  userId: string
  name: string
  /** Open tickets now. */
  load: number
  capacity: number
  skills: Record<string, number>
  location: LatLng | null
  teams: string[]
  [key: string]: unknown
}

/** One person's record on one ticket type (from resolved tickets; see experience.ts). */
export interface ExperienceStat {
  handled: number
  resolved: number
  /** Mean hours from creation to resolution of the resolved ones; null without any. */
  avgHours: number | null
}

export interface StrategyContext {
  ticket: TicketFacts
  /** Required skills of the pool (already a hard filter; the skills strategy scores levels). */
  needs: SkillNeed[]
  /** Round-robin: the user who got the previous ticket of this pool. */
  cursor: string | null
  /** Experience on the ticket's type, by user (absent = no history). */
  experience?: ReadonlyMap<string, ExperienceStat>
  config: Record<string, unknown>
  now: Date
}

/**
 * Built-in strategies are synchronous: the decision stays a pure in-memory function. (Method
 * syntax: routing always hands them RoutingCandidates, a subtype of the kernel's Candidate.)
 */
export interface RoutingStrategy extends AssignmentStrategyDef<StrategyContext> {
  filter?(candidates: RoutingCandidate[], ctx: StrategyContext): { kept: RoutingCandidate[], dropped: DroppedCandidate[] }
  rank(candidates: RoutingCandidate[], ctx: StrategyContext): ScoredCandidate[]
  /**
   * Why/details of one candidate, asked only for the few shown in the record (building text for
   * every person in a large pool would cost more than the scoring itself). When absent, `rank`'s
   * own `why`/`details` are used.
   */
  explain?(candidate: RoutingCandidate, scored: ScoredCandidate, ctx: StrategyContext): Pick<ScoredCandidate, 'why' | 'details'>
}

export const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback)
const SCALE = [1, 10, 100, 1000, 10_000]
/** Scores and distances kept to a few decimals: stable in JSON and in equality tests. */
export const round = (x: number, digits = 4) => Math.round(x * SCALE[digits]) / SCALE[digits]
