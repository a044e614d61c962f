import { truthy } from '@scrm/flow'
import { type Compiled, compileLogic } from './compile-logic.js'
import { conditionData, type TicketFacts } from './facts.js'

/** Who a rule's tickets go to. `region: '$ticket'` means the ticket's own region. */
export interface PoolSpec {
  team?: string | null
  role?: string | null
  /** `空调` or `空调:3` (level ≥ 3): hard filter, and what the skills strategy scores. */
  skills?: string[]
  region?: string | null
}

export const PRIORITY_ORDER = ['low', 'normal', 'high', 'urgent'] as const

export interface RoutingRule {
  id: string
  name: string
  position: number
  enabled: boolean
  /** JSON Logic over `{ ticket, customer, form }`; null = always. */
  when: unknown
  /** Any of these words in the title or description (case-insensitive); empty = no keyword test. */
  keywords: string[]
  pool: PoolSpec
  strategy: string
  config: Record<string, unknown>
  /** Raised to this priority when lower (never lowered). */
  raisePriority: string | null
  tags: string[]
}

export interface CompiledRule extends RoutingRule {
  lowerKeywords: string[]
  /** The condition compiled once (compile-logic.ts); null = always. */
  test: Compiled | null
}

/** Rules in evaluation order: position, then id (deterministic when positions repeat). */
export function compileRules(rules: readonly RoutingRule[]): CompiledRule[] {
  return rules.filter(r => r.enabled)
    .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(r => ({ ...r, lowerKeywords: r.keywords.map(k => k.toLowerCase()), test: r.when === null || r.when === undefined ? null : compileLogic(r.when) }))
}

export interface RuleMatch {
  rule: CompiledRule
  index: number
  /** The keyword that matched, when the rule has keywords. */
  keyword?: string
}

/**
 * The first rule whose keywords (if any) and condition (if any) both hold. A condition that
 * throws (bad data shape) counts as not matching and is reported, so one broken rule cannot stop
 * routing for everything after it.
 */
export function matchRule(rules: readonly CompiledRule[], facts: TicketFacts, onError?: (rule: CompiledRule, err: unknown) => void): RuleMatch | undefined {
  let text: string | undefined
  let data: ReturnType<typeof conditionData> | undefined
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]
    let keyword: string | undefined
    if (rule.lowerKeywords.length) {
      text ??= `${facts.title}\n${facts.description}`.toLowerCase()
      keyword = rule.lowerKeywords.find(k => text!.includes(k))
      if (keyword === undefined) continue
    }
    if (rule.test) {
      data ??= conditionData(facts)
      try {
        if (!truthy(rule.test(data))) continue
      }
      catch (err) {
        onError?.(rule, err)
        continue
      }
    }
    return { rule, index, ...(keyword !== undefined ? { keyword: rule.keywords[rule.lowerKeywords.indexOf(keyword)] } : {}) }
  }
  return undefined
}

export const raises = (current: string, to: string | null): boolean =>
  !!to && PRIORITY_ORDER.indexOf(to as typeof PRIORITY_ORDER[number]) > PRIORITY_ORDER.indexOf(current as typeof PRIORITY_ORDER[number])
