import { useMemo } from 'react'
import { create } from 'zustand'
import type { ConfigProviderProps } from 'antd'
import antdZhCN from 'antd/locale/zh_CN'
import antdEnUS from 'antd/locale/en_US'
import zhCN, { type MessageKey, type Messages } from './zh-CN'
import enUS from './en-US'

export type { MessageKey } from './zh-CN'

/** Supported UI languages; the first one is the default. */
export const LOCALES = ['zh-CN', 'en-US'] as const
export type Locale = (typeof LOCALES)[number]

interface LocaleInfo {
  messages: Messages
  antd: NonNullable<ConfigProviderProps['locale']>
  /** The language's own name, shown in the language switch. */
  nativeName: string
}

export const localeInfo: Record<Locale, LocaleInfo> = {
  'zh-CN': { messages: zhCN, antd: antdZhCN, nativeName: '中文' },
  'en-US': { messages: enUS, antd: antdEnUS, nativeName: 'English' },
}

const STORAGE_KEY = 'scrm.locale'

function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v)
}

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (isLocale(saved)) return saved
  }
  catch { /* storage unavailable */ }
  return LOCALES[0]
}

export type Vars = Record<string, string | number>

export function format(template: string, vars?: Vars): string {
  if (!vars) return template
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m))
}

interface LocaleState {
  locale: Locale
  setLocale: (locale: Locale) => void
}

export const useLocaleStore = create<LocaleState>(set => ({
  locale: initialLocale(),
  setLocale: (locale) => {
    try { localStorage.setItem(STORAGE_KEY, locale) }
    catch { /* storage unavailable */ }
    document.documentElement.lang = locale
    set({ locale })
  },
}))

export type TFunction = (key: MessageKey, vars?: Vars) => string

/** Translate outside React (e.g. in the API client); not reactive. */
export const translate: TFunction = (key, vars) =>
  format(localeInfo[useLocaleStore.getState().locale].messages[key], vars)

/** Typed translation hook: re-renders the component when the language changes. */
export function useT(): TFunction {
  const locale = useLocaleStore(s => s.locale)
  return useMemo<TFunction>(() => {
    const messages = localeInfo[locale].messages
    return (key, vars) => format(messages[key], vars)
  }, [locale])
}
