import { useEffect } from 'react'
import { LOCALES, useLocaleStore, type Locale } from '../../i18n'

/** The browser's first language we speak, else zh-CN. */
export function browserLocale(languages: readonly string[] = navigator.languages ?? [navigator.language]): Locale {
  for (const lang of languages) {
    const exact = LOCALES.find(l => l.toLowerCase() === lang.toLowerCase())
    if (exact) return exact
    const base = LOCALES.find(l => l.split('-')[0] === lang.split('-')[0].toLowerCase())
    if (base) return base
  }
  return LOCALES[0]
}

/**
 * Customers never chose a language here: the portal follows the browser. It sets the store without
 * saving, so a staff member's saved choice on the same browser is left alone.
 */
export function usePortalLocale(): void {
  useEffect(() => {
    const locale = browserLocale()
    useLocaleStore.setState({ locale })
    document.documentElement.lang = locale
  }, [])
}
