import { Segmented } from 'antd'
import { LOCALES, localeInfo, useLocaleStore, useT, type Locale } from '../i18n'

export default function LanguageSwitch({ size }: { size?: 'small' | 'middle' | 'large' }) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const setLocale = useLocaleStore(s => s.setLocale)
  return (
    <Segmented<Locale>
      aria-label={t('lang.label')}
      data-testid="language-switch"
      size={size}
      value={locale}
      onChange={setLocale}
      options={LOCALES.map(l => ({ value: l, label: localeInfo[l].nativeName }))}
    />
  )
}
