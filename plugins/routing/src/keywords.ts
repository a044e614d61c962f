/**
 * Keyword dictionaries: model numbers (KFR-35GW), fault codes (E1, F3), words (漏水). Matching is
 * case-insensitive on title and description. `token` dictionaries only match whole codes: E1
 * does not fire inside E12 or KE1 (the neighbours checked are ASCII letters and digits, so 显示E1故障
 * still matches). `substring` dictionaries match anywhere (Chinese words).
 */
export interface DictionaryEntry {
  term: string
  /** The tag to add; default `<tagPrefix><term>`. */
  tag?: string
}

export interface Dictionary {
  id: string
  key: string
  match: 'token' | 'substring'
  tagPrefix: string
  entries: DictionaryEntry[]
  enabled: boolean
}

export interface KeywordHit {
  tag: string
  term: string
  dictionary: string
}

export interface Tagger {
  tag: (text: string) => KeywordHit[]
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
/** Text beyond this is not scanned: intake text is short; this bounds the cost of a pasted log. */
export const MAX_SCAN = 20_000

/** One regex per match mode over every enabled dictionary: one pass over the text each. */
export function compileTagger(dictionaries: readonly Dictionary[]): Tagger {
  const byTerm = new Map<string, KeywordHit[]>()
  const terms: Record<Dictionary['match'], string[]> = { token: [], substring: [] }
  for (const d of dictionaries) {
    if (!d.enabled) continue
    for (const e of d.entries) {
      const term = e.term.trim()
      if (!term) continue
      const key = `${d.match}:${term.toLowerCase()}`
      const hit = { tag: e.tag ?? `${d.tagPrefix}${term}`, term, dictionary: d.key }
      const list = byTerm.get(key)
      if (list) list.push(hit)
      else { byTerm.set(key, [hit]); terms[d.match].push(term) }
    }
  }
  // Longest first: KFR-35GW wins over KFR-35 where both are listed.
  const alt = (xs: string[]) => xs.sort((a, b) => b.length - a.length).map(escape).join('|')
  const regexes: Array<[Dictionary['match'], RegExp]> = []
  if (terms.token.length) regexes.push(['token', new RegExp(`(?<![A-Za-z0-9])(?:${alt(terms.token)})(?![A-Za-z0-9])`, 'gi')])
  if (terms.substring.length) regexes.push(['substring', new RegExp(alt(terms.substring), 'gi')])
  return {
    tag(text) {
      const scanned = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text
      const out: KeywordHit[] = []
      const seen = new Set<string>()
      for (const [mode, re] of regexes) {
        re.lastIndex = 0
        for (const m of scanned.matchAll(re)) {
          for (const hit of byTerm.get(`${mode}:${m[0].toLowerCase()}`) ?? []) {
            if (seen.has(hit.tag)) continue
            seen.add(hit.tag)
            out.push(hit)
          }
        }
      }
      return out
    },
  }
}
