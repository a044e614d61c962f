import { App, Radio, Space, Typography } from 'antd'
import { errorMessage } from '../../api/errors'
import { LOCALES, localeInfo, useLocaleStore, useT, type Locale } from '../../i18n'
import { useAuthStore } from '../../stores/auth'
import { adminApi } from './api'

/** The interface language: switches at once and is kept as the signed-in user's own preference. */
export function LanguageTab() {
  const t = useT()
  const { message } = App.useApp()
  const locale = useLocaleStore(s => s.locale)
  const setLocale = useLocaleStore(s => s.setLocale)
  const userId = useAuthStore(s => s.user?.id)
  const choose = async (l: Locale) => {
    setLocale(l)
    if (!userId) return
    try { await adminApi.patchUser(userId, { locale: l }) }
    catch (e) { message.error(errorMessage(e, t)) }
  }
  return (
    <Space orientation="vertical">
      <Typography.Text>{t('admin.language.explain')}</Typography.Text>
      <Radio.Group data-testid="admin-language" value={locale} onChange={e => choose(e.target.value as Locale)}>
        {LOCALES.map(l => <Radio.Button key={l} value={l}>{localeInfo[l].nativeName}</Radio.Button>)}
      </Radio.Group>
    </Space>
  )
}
