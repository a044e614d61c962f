import { escapeLike } from './model.js'

const MAX = 20_000

function strings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value)
  else if (typeof value === 'number') out.push(String(value))
  else if (Array.isArray(value)) for (const v of value) strings(v, out)
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out)
}

/**
 * One text column per ticket that search scans with ILIKE: number, title, description and every
 * field value (select values are the option text people type, e.g. 售后服务). Substring search
 * finds Chinese words without a tokenizer; the trigram index keeps it fast.
 */
export function searchText(number: string, title: string, description: string, fields: Record<string, unknown>): string {
  const parts = [number, title, description]
  strings(fields, parts)
  return parts.join('\n').slice(0, MAX)
}

/** `%term%` with the user's own % and _ taken literally. */
export const containsPattern = (q: string) => `%${escapeLike(q.trim())}%`
