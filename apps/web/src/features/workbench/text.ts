import { textIn } from '../../components/ticket-form'
import { format, type Locale, localeInfo, useLocaleStore, type Vars } from '../../i18n'
import type { I18nText as Localized } from '@scrm/forms'
import type { I18nText } from './api'

/** Text in the UI language, else Chinese (the ticket form's rule), else any language the author gave. */
export function pick(text: I18nText | Localized | string | null | undefined, locale: string): string {
  if (!text) return ''
  return textIn(text as Localized | string, locale as Locale) || (typeof text === 'string' ? '' : Object.values(text as I18nText)[0] ?? '')
}

export function usePick(): (text: I18nText | Localized | string | null | undefined) => string {
  const locale = useLocaleStore(s => s.locale)
  return text => pick(text, locale)
}

/** Fen (the API's integer money) as yuan with two decimals and thousands separators. */
export function yuan(fen: number, locale: string): string {
  return (fen / 100).toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}

export function dateTime(iso: string, locale: string): string {
  return new Date(iso).toLocaleString(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
}

/**
 * Translation of a key built from server data (a status kind, a channel, an event), or
 * `fallback` when this UI has no text for it (a plugin added it later).
 */
export function useTryT(): (key: string, fallback: string, vars?: Vars) => string {
  const locale = useLocaleStore(s => s.locale)
  return (key, fallback, vars) => {
    const messages = localeInfo[locale].messages as Record<string, string>
    return key in messages ? format(messages[key], vars) : fallback
  }
}
