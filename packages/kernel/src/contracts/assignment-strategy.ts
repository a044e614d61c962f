import type { JsonSchema, Labelled } from './common.js'

export interface Candidate {
  userId: string
  [key: string]: unknown
}

export interface ScoredCandidate {
  userId: string
  score: number
  why?: string
}

/** Filters a candidate pool by hard rules, then scores what is left. */
export interface AssignmentStrategyDef<Ctx = any> extends Labelled {
  id: string
  configSchema?: JsonSchema
  rank: (candidates: Candidate[], ctx: Ctx) => ScoredCandidate[] | Promise<ScoredCandidate[]>
}
