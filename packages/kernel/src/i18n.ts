/** Text shown to people: every label a plugin contributes carries both UI languages. */
export interface I18nText {
  'zh-CN': string
  'en-US': string
}

export type Locale = keyof I18nText

export const LOCALES: Locale[] = ['zh-CN', 'en-US']

export function pickText(text: I18nText | string, locale: Locale = 'zh-CN'): string {
  return typeof text === 'string' ? text : text[locale] ?? text['zh-CN']
}
