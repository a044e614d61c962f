import { Card, Empty } from 'antd'
import { useT, type MessageKey } from '../i18n'

/** Placeholder for screens that later issues will build. */
export default function ComingSoonPage({ titleKey }: { titleKey: MessageKey }) {
  const t = useT()
  const name = t(titleKey)
  return (
    <Card title={name} data-testid="coming-soon">
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={(
          <>
            <strong>{t('page.comingSoon')}</strong>
            <div>{t('page.comingSoonDesc', { name })}</div>
          </>
        )}
      />
    </Card>
  )
}
