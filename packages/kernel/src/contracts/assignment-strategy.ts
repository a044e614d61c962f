import type { JsonSchema, Labelled } from './common.js'

export interface Candidate {
  userId: string
  [key: string]: unknown
}

export interface ScoredCandidate {
  userId: string
  /** Higher is better. The caller breaks ties (routing: load ratio, open tickets, user id). */
  score: number
  why?: string
  /** Numbers behind the score (distance in km, load, level …), kept with the assignment record. */
  details?: Record<string, unknown>
}

/** A candidate a strategy's own hard rule removed, and why (recorded with the assignment). */
export interface DroppedCandidate {
  userId: string
  reason: string
  detail?: string
}

/** Filters a candidate pool by hard rules, then scores what is left. */
export interface AssignmentStrategyDef<Ctx = any> extends Labelled {
  id: string
  configSchema?: JsonSchema
  /**
   * Hard rules of this strategy beyond the router's shared ones (skills, on duty, under
   * capacity), e.g. nearest drops people without a location. Omitted = keep everyone.
   */
  filter?(candidates: Candidate[], ctx: Ctx): { kept: Candidate[], dropped: DroppedCandidate[] }
  // Method syntax so a host can pass a richer candidate type (routing's RoutingCandidate).
  rank(candidates: Candidate[], ctx: Ctx): ScoredCandidate[] | Promise<ScoredCandidate[]>
}
