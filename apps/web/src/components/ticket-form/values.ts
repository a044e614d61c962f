import type { I18nText, ValidationError } from '@scrm/forms'
import type { Locale } from '../../i18n'

/** Money fields store integer fen; people type yuan with up to two decimals. */
export const fenToYuan = (fen: unknown): number | null => (typeof fen === 'number' ? fen / 100 : null)
export const yuanToFen = (yuan: number | null | undefined): number | undefined =>
  (yuan === null || yuan === undefined ? undefined : Math.round(yuan * 100))

/**
 * Datetime fields need a time zone (see @scrm/forms); the browser's <input type="datetime-local">
 * has none, so the local offset is appended here and stripped again for display.
 */
export function localToIso(local: string): string | undefined {
  if (!local) return undefined
  const d = new Date(local)
  if (Number.isNaN(d.getTime())) return undefined
  const off = -d.getTimezoneOffset()
  const sign = off >= 0 ? '+' : '-'
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0')
  return `${local.length === 16 ? `${local}:00` : local}${sign}${pad(off / 60)}:${pad(off % 60)}`
}

export function isoToLocal(iso: unknown): string {
  if (typeof iso !== 'string') return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** `photos[1]`, `location.lat` → the field key the message belongs under. */
const topKey = (path: string) => path.replace(/^\/?(fields\/)?/, '').split(/[.[/]/)[0]

export const textIn = (text: I18nText | string | undefined, locale: Locale): string =>
  (typeof text === 'string' ? text : text?.[locale] ?? text?.['zh-CN'] ?? '')

/** The first message per field, from `validateValues` errors (the browser's own check). */
export function errorsByField(errors: ValidationError[], locale: Locale): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of errors) {
    const key = topKey(e.field)
    out[key] ??= textIn(e.message, locale)
  }
  return out
}

interface ServerDetail { field?: string, message?: I18nText | string }

/**
 * The server's 400 `details` (`/fields/photos/0`, `/contact/phone`) → messages by field key, so
 * an error only the server can find (an asset token, a stored file) lands on the right input.
 */
export function serverErrorsByField(details: unknown, locale: Locale): Record<string, string> {
  const out: Record<string, string> = {}
  if (!Array.isArray(details)) return out
  for (const d of details as ServerDetail[]) {
    if (typeof d?.field !== 'string') continue
    const path = d.field.replace(/^\//, '')
    const key = path.startsWith('fields/') ? topKey(path) : path.replace(/\//g, '.')
    out[key] ??= textIn(d.message, locale)
  }
  return out
}
