import { afterSalesTemplate, courseTrialTemplate, returnsTemplate, type TemplateSchema } from '@scrm/forms'
import { App, Form, Input, Modal, Select } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { errorMessage } from '../../../api/errors'
import { useT } from '../../../i18n'
import { useAuthStore } from '../../../stores/auth'
import { templatesApi } from '../api'
import { saveDraft } from '../model/draft'
import { showServerFieldErrors } from '../../../api/formErrors'

const EXAMPLES: Record<string, TemplateSchema> = { afterSales: afterSalesTemplate, returns: returnsTemplate, courseTrial: courseTrialTemplate }
const KEY_PATTERN = /^[a-zA-Z][\w-]{0,63}$/

interface Values { nameZh: string, nameEn?: string, key: string, start: string }

/** Creates an empty template (nothing published) and opens it; an example becomes its first draft. */
export function CreateTemplateModal({ open, onClose }: { open: boolean, onClose: () => void }) {
  const t = useT()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const tenantId = useAuthStore(s => s.tenant?.id ?? '')
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)

  const submit = async () => {
    const v = await form.validateFields()
    setBusy(true)
    try {
      const name = { 'zh-CN': v.nameZh.trim(), 'en-US': v.nameEn?.trim() || v.nameZh.trim() }
      const tpl = await templatesApi.create({ key: v.key.trim(), name })
      const example = EXAMPLES[v.start]
      if (example) saveDraft(tenantId, tpl.id, { schema: example, basedOn: 0, savedAt: new Date().toISOString() })
      onClose()
      navigate(`/templates/${tpl.id}`)
    }
    catch (e) {
      if (!showServerFieldErrors(form, e, { '/key': 'key', '/name': 'nameZh' })) message.error(errorMessage(e, t))
    }
    finally { setBusy(false) }
  }

  return (
    <Modal
      open={open}
      title={t('tpl.create.title')}
      okText={t('tpl.create.ok')}
      cancelText={t('tpl.publish.cancel')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} data-testid="create-template-form" initialValues={{ key: `tpl_${Date.now().toString(36)}`, start: '' }}>
        <Form.Item name="nameZh" label={t('tpl.create.nameZh')} rules={[{ required: true, whitespace: true, message: t('tpl.create.nameRequired') }]}>
          <Input maxLength={200} autoFocus />
        </Form.Item>
        <Form.Item name="nameEn" label={t('tpl.create.nameEn')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="key" label={t('tpl.create.key')} extra={t('tpl.create.keyHelp')} rules={[{ required: true, pattern: KEY_PATTERN, message: t('tpl.create.keyInvalid') }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="start" label={t('tpl.create.start')}>
          <Select
            options={[
              { value: '', label: t('tpl.create.blank') },
              { value: 'afterSales', label: t('tpl.example.afterSales') },
              { value: 'returns', label: t('tpl.example.returns') },
              { value: 'courseTrial', label: t('tpl.example.courseTrial') },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}
