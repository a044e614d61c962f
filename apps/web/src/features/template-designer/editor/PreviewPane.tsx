import type { TemplateSchema } from '@scrm/forms'
import { Alert, Button, Space, Typography } from 'antd'
import { useState } from 'react'
import { TicketForm, useTicketForm } from '../../../components/ticket-form'
import { useT } from '../../../i18n'

/**
 * The form as people will fill it in, with the rules and validation of @scrm/forms — the code the
 * server runs on the same template — so what the preview accepts the server accepts.
 */
export function PreviewPane({ schema, region }: { schema: TemplateSchema, region?: string }) {
  const t = useT()
  const model = useTicketForm(schema, {}, region)
  const [checked, setChecked] = useState<boolean | null>(null)
  return (
    <div data-testid="preview">
      <Typography.Paragraph type="secondary">{region ? t('tpl.preview.region', { region }) : t('tpl.preview.hint')}</Typography.Paragraph>
      <TicketForm
        schema={schema}
        region={region}
        values={model.values}
        errors={model.errors}
        onChange={(values) => { model.setValues(values); setChecked(null) }}
      />
      <Space>
        <Button data-testid="preview-validate" onClick={() => setChecked(model.validate().ok)}>{t('tpl.preview.validate')}</Button>
        <Button onClick={() => { model.setValues({}); setChecked(null) }}>{t('tpl.preview.clear')}</Button>
      </Space>
      {checked !== null && (
        <Alert
          style={{ marginTop: 8 }}
          data-testid="preview-result"
          type={checked ? 'success' : 'error'}
          title={checked ? t('tpl.preview.ok') : t('tpl.preview.invalid')}
          showIcon
        />
      )}
    </div>
  )
}
