import { useMemo, useRef, useState } from 'react'
import { Link } from 'react-router-dom'
import { Alert, Button, Card, Form, Input, Result, Space, Typography } from 'antd'
import type { TemplateSchema } from '@scrm/forms'
import { ApiError } from '../../api/client'
import { errorMessage } from '../../api/errors'
import { serverErrorsByField, TicketForm, useTicketForm } from '../../components/ticket-form'
import { useLocaleStore, useT } from '../../i18n'
import { portalApi, type PortalForm } from './api'
import { StagedFiles } from './staging'
import styles from './portal.module.css'

interface Props {
  tenant: string
  form: PortalForm
  query: { asset?: string, t?: string, region?: string }
  /** URL parameters: one named like a text-like field pre-fills it (QR codes, links in messages). */
  prefill: Record<string, string>
}

const PREFILLABLE = new Set(['text', 'textarea', 'phone', 'email', 'select', 'customerRef', 'assetRef'])

function initialValues(form: PortalForm, prefill: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of form.template?.form.fields ?? []) {
    if (f.type === 'assetRef' && form.asset) out[f.key] = form.asset.id
    else if (PREFILLABLE.has(f.type) && prefill[f.key]) out[f.key] = prefill[f.key]
  }
  return out
}

export default function PortalFormBody({ tenant, form, query, prefill }: Props) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  // The server sent the template with the region variant applied already.
  const schema = useMemo<TemplateSchema>(() => ({ fields: form.template?.form.fields ?? [], rules: form.template?.form.rules ?? [] }), [form])
  const model = useTicketForm(schema, initialValues(form, prefill))
  const staged = useRef(new StagedFiles()).current
  const [description, setDescription] = useState('')
  const [contact, setContact] = useState({ name: '', phone: '', email: '' })
  const [contactErrors, setContactErrors] = useState<Record<string, string>>({})
  const [failure, setFailure] = useState<string>()
  const [sending, setSending] = useState(false)
  const [done, setDone] = useState<{ number: string, trackingUrl: string, trackingToken: string }>()

  const submit = async () => {
    setFailure(undefined)
    const checked = model.validate()
    if (!checked.ok) { setFailure(t('portal.fixErrors')); return }
    const { fields, files } = staged.split(checked.values)
    // A phone asked for by the form is how to reach the customer unless they gave another.
    const formPhone = schema.fields.find(f => f.type === 'phone' && typeof checked.values[f.key] === 'string')
    const phone = contact.phone.trim() || (formPhone ? String(checked.values[formPhone.key]) : '')
    const who = Object.fromEntries(Object.entries({ ...contact, phone }).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v))
    setSending(true)
    try {
      setDone(await portalApi.submit(tenant, {
        typeKey: form.type.key,
        ...(description.trim() ? { description: description.trim() } : {}),
        fields,
        ...(query.region ? { region: query.region } : {}),
        ...(Object.keys(who).length ? { contact: who } : {}),
        ...(form.asset && query.t ? { asset: { id: form.asset.id, token: query.t } } : {}),
      }, files))
    }
    catch (e) {
      const byField = e instanceof ApiError ? serverErrorsByField(e.details, locale) : {}
      model.setServerErrors(byField)
      setContactErrors(Object.fromEntries(Object.entries(byField).filter(([k]) => k.startsWith('contact.')).map(([k, v]) => [k.slice(8), v])))
      setFailure(t('portal.submitFailed', { message: errorMessage(e, t) }))
    }
    finally { setSending(false) }
  }

  if (done) {
    const path = `/portal/track/${done.trackingToken}`
    const url = /^https?:/.test(done.trackingUrl) ? done.trackingUrl : `${window.location.origin}${path}`
    return (
      <Card>
        <Result
          status="success"
          title={t('portal.submitted')}
          subTitle={t('portal.submittedNumber', { number: done.number })}
          extra={(
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text>{t('portal.trackHint')}</Typography.Text>
              <Typography.Paragraph className={styles.link} copyable={{ text: url, tooltips: [t('portal.copy'), t('portal.copied')] }} data-testid="tracking-url">{url}</Typography.Paragraph>
              <Link to={path}><Button type="primary" block>{t('portal.openTracking')}</Button></Link>
            </Space>
          )}
        />
      </Card>
    )
  }

  const contactItem = (key: 'name' | 'phone' | 'email', type: string) => (
    <Form.Item label={t(`portal.contact${key[0].toUpperCase()}${key.slice(1)}` as 'portal.contactName')} htmlFor={`contact-${key}`} validateStatus={contactErrors[key] ? 'error' : undefined} help={contactErrors[key]}>
      <Input id={`contact-${key}`} type={type} value={contact[key]} onChange={e => setContact(c => ({ ...c, [key]: e.target.value }))} />
    </Form.Item>
  )

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {form.asset && <Alert type="info" showIcon message={t('portal.asset', { name: form.asset.name ?? form.asset.model ?? '', serial: form.asset.serial })} />}
      <Card size="small">
        {form.template
          ? <TicketForm schema={schema} values={model.values} onChange={model.setValues} errors={model.errors} onUpload={staged.stage} />
          : <Typography.Paragraph type="secondary">{t('portal.noTemplate')}</Typography.Paragraph>}
        <Form layout="vertical" component="div">
          <Form.Item label={t('portal.description')} htmlFor="portal-description">
            <Input.TextArea id="portal-description" autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} placeholder={t('portal.descriptionPlaceholder')} value={description} onChange={e => setDescription(e.target.value)} />
          </Form.Item>
        </Form>
      </Card>
      <Card size="small" title={t('portal.contact')}>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>{t('portal.contactHint')}</Typography.Paragraph>
        <Form layout="vertical" component="div">
          {contactItem('name', 'text')}
          {contactItem('phone', 'tel')}
          {contactItem('email', 'email')}
        </Form>
      </Card>
      {failure && <Alert type="error" showIcon message={failure} data-testid="portal-error" />}
      <Button type="primary" size="large" className={styles.submit} loading={sending} onClick={submit} data-testid="portal-submit">{t('portal.submit')}</Button>
    </Space>
  )
}
