import { useEffect, useState } from 'react'
import { useParams, useSearchParams } from 'react-router-dom'
import { Alert, Result, Spin } from 'antd'
import { ApiError } from '../../api/client'
import { errorMessage } from '../../api/errors'
import { useLocaleStore, useT } from '../../i18n'
import { textIn } from '../../components/ticket-form'
import { portalApi, type PortalForm } from './api'
import PortalFormBody from './PortalFormBody'
import PortalShell from './PortalShell'

/** `/portal/:tenant/:typeKey?asset=…&t=…&region=…`: the public form of one ticket type. */
export default function PortalFormPage() {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const { tenant = '', typeKey = '' } = useParams()
  const [search] = useSearchParams()
  const query = { asset: search.get('asset') ?? undefined, t: search.get('t') ?? undefined, region: search.get('region') ?? undefined }
  const [form, setForm] = useState<PortalForm>()
  const [error, setError] = useState<unknown>()

  useEffect(() => {
    let live = true
    portalApi.form(tenant, typeKey, query).then(f => live && setForm(f), e => live && setError(e))
    return () => { live = false }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tenant, typeKey, search.toString()])

  const title = form ? textIn(form.type.name, locale) : t('portal.title')
  return (
    <PortalShell title={title} tenant={form?.tenant.name}>
      {error instanceof ApiError && error.status === 404
        ? <Result status="404" title={t('portal.notFound')} />
        : error
          ? <Alert type="error" showIcon message={t('portal.loadFailed', { message: errorMessage(error, t) })} />
          : !form
              ? <Spin tip={t('portal.loading')}><div style={{ height: 120 }} /></Spin>
              : <PortalFormBody tenant={tenant} form={form} query={query} prefill={Object.fromEntries(search)} />}
    </PortalShell>
  )
}
