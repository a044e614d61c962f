/** A required skill: `空调` (any level) or `空调:3` (level 3 or better), as flows write them in `assign.skills`. */
export interface SkillNeed {
  skill: string
  min: number
}

const SPEC = /^([^:]+)(?::([1-5]))?$/

/** Parses `['空调:3', '变频']`; undefined when an entry is malformed (the caller names the field). */
export function parseSkillNeeds(specs: readonly unknown[] | undefined): SkillNeed[] | undefined {
  const out: SkillNeed[] = []
  for (const raw of specs ?? []) {
    if (typeof raw === 'object' && raw !== null && typeof (raw as SkillNeed).skill === 'string') {
      const r = raw as { skill: string, min?: number, level?: number }
      const min = r.min ?? r.level ?? 1
      if (!Number.isInteger(min) || min < 1 || min > 5 || !r.skill.trim()) return undefined
      out.push({ skill: r.skill.trim(), min })
      continue
    }
    if (typeof raw !== 'string') return undefined
    const m = SPEC.exec(raw.trim())
    if (!m || !m[1].trim() || m[1].length > 64) return undefined
    out.push({ skill: m[1].trim(), min: m[2] ? Number(m[2]) : 1 })
  }
  return out
}

/** The first need an agent misses: `missing` (no such skill) or `level` (has it, too low). */
export function skillGap(skills: Readonly<Record<string, number>>, needs: readonly SkillNeed[]): { need: SkillNeed, kind: 'missing' | 'level', has?: number } | undefined {
  for (const need of needs) {
    const has = skills[need.skill]
    if (has === undefined) return { need, kind: 'missing' }
    if (has < need.min) return { need, kind: 'level', has }
  }
  return undefined
}
