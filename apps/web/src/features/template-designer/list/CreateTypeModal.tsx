import { App, Form, Input, Modal, Select } from 'antd'
import { useState } from 'react'
import { errorMessage } from '../../../api/errors'
import { useLocaleStore, useT } from '../../../i18n'
import { templatesApi, type TemplateInfo } from '../api'
import { showServerFieldErrors } from '../../../api/formErrors'

interface Values { nameZh: string, nameEn?: string, key: string, templateId?: string }

/** A ticket type names what customers ask for and which template its tickets are filled with. */
export function CreateTypeModal({ open, templates, onClose, onCreated }: { open: boolean, templates: TemplateInfo[], onClose: () => void, onCreated: () => void }) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)

  const submit = async () => {
    const v = await form.validateFields()
    setBusy(true)
    try {
      await templatesApi.createType({ key: v.key.trim(), name: { 'zh-CN': v.nameZh.trim(), 'en-US': v.nameEn?.trim() || v.nameZh.trim() }, templateId: v.templateId ?? null })
      onCreated()
      onClose()
    }
    catch (e) {
      if (!showServerFieldErrors(form, e, { '/key': 'key', '/name': 'nameZh', '/templateId': 'templateId' })) message.error(errorMessage(e, t))
    }
    finally { setBusy(false) }
  }

  return (
    <Modal open={open} title={t('tpl.types.create')} okText={t('tpl.create.ok')} cancelText={t('tpl.publish.cancel')} onOk={submit} onCancel={onClose} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false} data-testid="create-type-form">
        <Form.Item name="nameZh" label={t('tpl.create.nameZh')} rules={[{ required: true, whitespace: true, message: t('tpl.create.nameRequired') }]}>
          <Input maxLength={200} autoFocus />
        </Form.Item>
        <Form.Item name="nameEn" label={t('tpl.create.nameEn')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="key" label={t('tpl.create.key')} rules={[{ required: true, pattern: /^[a-zA-Z][\w-]{0,63}$/, message: t('tpl.create.keyInvalid') }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="templateId" label={t('tpl.types.template')}>
          <Select allowClear options={templates.map(x => ({ value: x.id, label: x.name[locale] }))} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
