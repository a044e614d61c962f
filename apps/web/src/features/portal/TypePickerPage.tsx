import { useEffect, useState } from 'react'
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router-dom'
import { Alert, Button, Result, Space, Spin } from 'antd'
import { ApiError } from '../../api/client'
import { errorMessage } from '../../api/errors'
import { textIn } from '../../components/ticket-form'
import { useLocaleStore, useT } from '../../i18n'
import { portalApi } from './api'
import PortalShell from './PortalShell'

/**
 * `/portal/:tenant/new?asset=…&t=…`: what an asset's QR code opens. The customer picks the kind
 * of request; the asset parameters travel on to the form. One type goes straight to its form.
 */
export default function TypePickerPage() {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const { tenant = '' } = useParams()
  const [search] = useSearchParams()
  const navigate = useNavigate()
  const [data, setData] = useState<Awaited<ReturnType<typeof portalApi.types>>>()
  const [error, setError] = useState<unknown>()

  useEffect(() => { portalApi.types(tenant).then(setData, setError) }, [tenant])

  const to = (key: string) => `/portal/${encodeURIComponent(tenant)}/${encodeURIComponent(key)}${search.size ? `?${search}` : ''}`
  if (data?.types.length === 1) return <Navigate to={to(data.types[0].key)} replace />
  return (
    <PortalShell title={t('portal.chooseType')} tenant={data?.tenant.name}>
      {error instanceof ApiError && error.status === 404
        ? <Result status="404" title={t('portal.notFound')} />
        : error
          ? <Alert type="error" showIcon message={t('portal.loadFailed', { message: errorMessage(error, t) })} />
          : !data
              ? <Spin tip={t('portal.loading')}><div style={{ height: 120 }} /></Spin>
              : data.types.length === 0
                ? <Result status="404" title={t('portal.notFound')} />
                : (
                    <Space direction="vertical" style={{ width: '100%' }} data-testid="portal-types">
                      {data.types.map(x => <Button key={x.key} size="large" block onClick={() => navigate(to(x.key))}>{textIn(x.name, locale)}</Button>)}
                    </Space>
                  )}
    </PortalShell>
  )
}
