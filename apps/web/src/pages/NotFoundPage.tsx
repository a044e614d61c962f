import { Button, Result } from 'antd'
import { useNavigate } from 'react-router-dom'
import { useT } from '../i18n'
import { homePath } from '../layout/nav'

export default function NotFoundPage() {
  const t = useT()
  const navigate = useNavigate()
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('page.notFound')}
      extra={<Button type="primary" onClick={() => navigate(homePath)}>{t('page.backHome')}</Button>}
    />
  )
}
