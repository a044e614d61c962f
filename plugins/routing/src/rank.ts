import type { ScoredCandidate } from '@scrm/kernel'
import type { RoutingCandidate } from './strategies/types.js'

const EPS = 1e-9

export interface Ranked {
  s: ScoredCandidate
  c: RoutingCandidate
  /** open / capacity: the first tie-break. */
  ratio: number
}

export type TieBreak = 'load_ratio' | 'load' | 'user_id'

/** Best first: higher score, then lower load ratio, then fewer open tickets, then smaller user id. */
export function better(a: Ranked, b: Ranked): boolean {
  const d = a.s.score - b.s.score
  if (d > EPS) return true
  if (d < -EPS) return false
  if (Math.abs(a.ratio - b.ratio) > EPS) return a.ratio < b.ratio
  if (a.c.load !== b.c.load) return a.c.load < b.c.load
  return a.c.userId < b.c.userId
}

export function tieBreakOf(a: Ranked, b: Ranked | undefined): TieBreak | null {
  if (!b || Math.abs(a.s.score - b.s.score) > EPS) return null
  if (Math.abs(a.ratio - b.ratio) > EPS) return 'load_ratio'
  return a.c.load !== b.c.load ? 'load' : 'user_id'
}

/**
 * The best `k` of the scored candidates, best first, without sorting the whole pool: one pass
 * with insertion into a short list (k is 10; pools are tens to hundreds of people). Scores for
 * people not in `candidates` are ignored (a strategy cannot smuggle someone in).
 */
export function topK(candidates: readonly RoutingCandidate[], scored: readonly ScoredCandidate[], k: number): Ranked[] {
  let byId: Map<string, RoutingCandidate> | undefined
  const top: Ranked[] = []
  for (let i = 0; i < scored.length; i++) {
    const s = scored[i]
    // Built-in strategies answer in the candidates' order: skip the map when they do.
    let c: RoutingCandidate | undefined = candidates[i]?.userId === s.userId ? candidates[i] : undefined
    if (!c) {
      byId ??= new Map(candidates.map(x => [x.userId, x]))
      c = byId.get(s.userId)
      if (!c) continue
    }
    const r: Ranked = { s, c, ratio: c.capacity > 0 ? c.load / c.capacity : 1 }
    if (top.length === k && !better(r, top[k - 1])) continue
    let at = top.length < k ? top.length : k - 1
    while (at > 0 && better(r, top[at - 1])) at--
    top.splice(at, 0, r)
    if (top.length > k) top.pop()
  }
  return top
}
