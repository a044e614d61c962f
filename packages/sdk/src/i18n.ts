import type { Locale } from '@scrm/kernel'

/** The UI languages every plugin text ships in (zh-CN first: the default). */
export type { Locale } from '@scrm/kernel'

/** One language's messages: key → text with `{name}` placeholders. */
export type MessageTable = Record<string, string>

/**
 * A plugin's messages in both UI languages. The type makes every key of zh-CN required in
 * en-US too, so a missing translation is a compile error rather than a blank label.
 */
export type Messages<K extends string> = { 'zh-CN': Record<K, string>, 'en-US': Record<K, string> }

/** A message catalogue with its `t` bound: `const m = defineMessages({...}); m.t('en-US', 'greeting', { name })`. */
export interface MessageCatalog<K extends string> {
  messages: Messages<K>
  /** The text of `key` in `locale` with `{var}` replaced; falls back to zh-CN, then to the key. */
  t: (locale: Locale | string | undefined, key: K, vars?: Record<string, string | number>) => string
  /** Both languages of one key, as `label`/`description` fields of contributions want them. */
  text: (key: K, vars?: Record<string, string | number>) => { 'zh-CN': string, 'en-US': string }
}

/**
 * Declares a plugin's UI texts in zh-CN and en-US (no hard-coded strings in plugins).
 *
 * @example
 * const m = defineMessages({
 *   'zh-CN': { created: '已创建工单 {number}' },
 *   'en-US': { created: 'Ticket {number} created' },
 * })
 * m.t('en-US', 'created', { number: 'T-1' }) // 'Ticket T-1 created'
 */
export function defineMessages<K extends string>(messages: Messages<K>): MessageCatalog<K> {
  const t: MessageCatalog<K>['t'] = (locale, key, vars) => translate(messages, locale, key, vars)
  return { messages, t, text: (key, vars) => ({ 'zh-CN': t('zh-CN', key, vars), 'en-US': t('en-US', key, vars) }) }
}

/**
 * Looks a key up in a catalogue: `locale` may be a request's `accept-language` value
 * (`en`, `en-US,en;q=0.9`) — anything starting with `en` is English, everything else Chinese.
 */
export function t<K extends string>(messages: Messages<K>, locale: Locale | string | undefined, key: K, vars?: Record<string, string | number>): string {
  return translate(messages, locale, key, vars)
}

function translate<K extends string>(messages: Messages<K>, locale: string | undefined, key: K, vars?: Record<string, string | number>): string {
  const lang: Locale = locale?.toLowerCase().startsWith('en') ? 'en-US' : 'zh-CN'
  const template = messages[lang]?.[key] ?? messages['zh-CN']?.[key] ?? key
  return vars ? template.replace(/\{(\w+)\}/g, (all, name: string) => (name in vars ? String(vars[name]) : all)) : template
}
