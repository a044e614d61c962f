import { exampleFlows, decompile } from '@scrm/flow'
import { App, Form, Input, Modal, Select } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { errorMessage } from '../../../api/errors'
import { localeInfo, useLocaleStore, useT, type MessageKey } from '../../../i18n'
import { flowsApi } from '../api'

const KEY_PATTERN = /^[A-Za-z0-9][\w.-]*$/

interface Values { name: string, key: string, template: string }

/** A short unique key the user may keep: business users rarely care about keys. */
const suggestKey = () => `flow-${Date.now().toString(36)}`

export function CreateFlowModal({ open, onClose }: { open: boolean, onClose: () => void }) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const templateLabel = (id: string) => {
    const key = `designer.template.${id}`
    return key in localeInfo[locale].messages ? t(key as MessageKey) : undefined
  }

  const submit = async () => {
    const v = await form.validateFields()
    setBusy(true)
    try {
      const example = v.template ? exampleFlows[v.template] : undefined
      const flow = await flowsApi.create({ key: v.key.trim(), name: v.name.trim(), graph: example ? decompile(example) : { nodes: [], edges: [] } })
      onClose()
      navigate(`/flows/${flow.id}`)
    }
    catch (e) { message.error(errorMessage(e, t)) }
    finally { setBusy(false) }
  }

  return (
    <Modal
      open={open}
      title={t('designer.create.title')}
      okText={t('designer.create.ok')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      afterOpenChange={(o) => { if (o) form.setFieldsValue({ key: suggestKey(), template: '' }) }}
    >
      <Form form={form} layout="vertical" preserve={false} data-testid="create-flow-form">
        <Form.Item name="name" label={t('designer.create.name')} rules={[{ required: true, whitespace: true, message: t('designer.create.nameRequired') }]}>
          <Input placeholder={t('designer.create.namePlaceholder')} maxLength={200} autoFocus />
        </Form.Item>
        <Form.Item
          name="key"
          label={t('designer.create.key')}
          extra={t('designer.create.keyHelp')}
          rules={[{ required: true, pattern: KEY_PATTERN, message: t('designer.create.keyInvalid') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="template" label={t('designer.create.template')}>
          <Select
            options={[
              { value: '', label: t('designer.create.blank') },
              ...Object.entries(exampleFlows).map(([id, ir]) => ({ value: id, label: templateLabel(id) ?? ir.name ?? ir.key })),
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}
