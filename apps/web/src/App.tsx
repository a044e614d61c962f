import { useEffect } from 'react'
import { App as AntApp, ConfigProvider } from 'antd'
import { RouterProvider } from 'react-router-dom'
import { localeInfo, useLocaleStore, useT } from './i18n'
import { router } from './router'

export default function App() {
  const locale = useLocaleStore(s => s.locale)
  const t = useT()

  useEffect(() => {
    document.documentElement.lang = locale
    document.title = t('app.name')
  }, [locale, t])

  return (
    <ConfigProvider
      locale={localeInfo[locale].antd}
      button={{ autoInsertSpace: false }}
      theme={{ token: { colorPrimary: '#1677ff' } }}
    >
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  )
}
