import type { Locale } from '@scrm/kernel'

/**
 * How a channel shows text:
 * - text: SMS, webhooks, WeCom text, the email text part — `**` markers dropped, values as they are;
 * - markdown: WeCom / DingTalk robots — markers kept, values escaped so a customer called
 *   `**[点我](http://evil)**` cannot restyle the message or plant a link;
 * - html: the email HTML part — everything escaped, `**x**` → <strong>, newlines → <br>.
 */
export type TextFormat = 'text' | 'markdown' | 'html'

export interface RenderOptions {
  format: TextFormat
  locale: Locale
  /** Zone dates are shown in (the tenant's). */
  timeZone: string
}

type Part = { literal: string } | { path: string, filter?: string }

// Same path characters as the flow runtime's placeholders (plugins/core/src/nodes/data.ts).
const VAR = /\{\{\s*([\w.$-]+)\s*(?:\|\s*(\w+)\s*)?\}\}/g
const cache = new Map<string, Part[]>()

function parse(source: string): Part[] {
  let parts = cache.get(source)
  if (parts) return parts
  parts = []
  let last = 0
  for (const m of source.matchAll(VAR)) {
    if (m.index > last) parts.push({ literal: source.slice(last, m.index) })
    parts.push({ path: m[1], filter: m[2] })
    last = m.index + m[0].length
  }
  if (last < source.length) parts.push({ literal: source.slice(last) })
  if (cache.size > 1000) cache.clear()
  cache.set(source, parts)
  return parts
}

/** `ticket.title` in `{ ticket: { title } }`; also a flat key `'ticket.title'`. */
export function lookup(vars: Record<string, unknown>, path: string): unknown {
  if (path in vars) return vars[path]
  let v: unknown = vars
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<string, unknown>)[key]
  }
  return v
}

const DATE_FILTERS: Record<string, Intl.DateTimeFormatOptions> = {
  datetime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
  time: { timeStyle: 'short' },
}

/** A full ISO instant, as dates arrive after a trip through JSON (API bodies, outbox payloads). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

/** Plain text of one value: dates (Date objects and ISO instants) in the reader's language and the tenant's zone. */
export function formatValue(value: unknown, filter: string | undefined, opts: Pick<RenderOptions, 'locale' | 'timeZone'>): string {
  if (value === undefined || value === null) return ''
  const isDate = value instanceof Date || (typeof value === 'string' && ISO_INSTANT.test(value))
  const dateStyle = DATE_FILTERS[filter ?? (isDate ? 'datetime' : '')]
  if (dateStyle) {
    const d = value instanceof Date ? value : new Date(value as string | number)
    if (!Number.isNaN(d.getTime())) return new Intl.DateTimeFormat(opts.locale, { ...dateStyle, timeZone: opts.timeZone, hourCycle: 'h23' }).format(d)
  }
  if (filter === 'upper') return String(value).toUpperCase()
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' }
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, c => HTML[c])

/** CommonMark backslash escapes for inline markup; angle brackets as entities (WeCom's <font> tags). */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*_[\]()#!|~]/g, c => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ') // a value must not start a heading, a list or a quote on its own line
}

/** Renders `{{path}}` / `{{path | filter}}` placeholders for one channel format. Missing values render empty. */
export function renderTemplate(source: string, vars: Record<string, unknown>, opts: RenderOptions): string {
  let out = ''
  let bold = false
  for (const part of parse(source)) {
    if ('literal' in part) {
      if (opts.format === 'markdown') {
        out += part.literal
        continue
      }
      // `**` toggles bold across literal parts, so `**{{ticket.title}}**` works in html.
      const pieces = part.literal.split('**')
      pieces.forEach((piece, i) => {
        if (i > 0 && opts.format === 'html') out += (bold = !bold) ? '<strong>' : '</strong>'
        out += opts.format === 'html' ? escapeHtml(piece).replace(/\r?\n/g, '<br>\n') : piece
      })
      continue
    }
    const text = formatValue(lookup(vars, part.path), part.filter, opts)
    out += opts.format === 'html' ? escapeHtml(text) : opts.format === 'markdown' ? escapeMarkdown(text) : text
  }
  if (bold) out += '</strong>'
  return out
}

/** A subject line: text format, one line, bounded (header injection and SMS length are both about this). */
export function renderSubject(source: string, vars: Record<string, unknown>, opts: Omit<RenderOptions, 'format'>): string {
  return renderTemplate(source, vars, { ...opts, format: 'text' }).replace(/[\r\n]+/g, ' ').trim().slice(0, 200)
}
