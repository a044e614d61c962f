import { App, Form, Input, Modal, Select } from 'antd'
import { useState } from 'react'
import { errorMessage } from '../../../api/errors'
import { showServerFieldErrors } from '../../../api/formErrors'
import { useT } from '../../../i18n'
import { adminApi, type AdminUser, type Department } from '../api'

interface Values { key: string, name: string, parent?: string, person?: string }

/** Create a team (in a department, with a supervisor) or a department (below another, with a manager). */
export function OrgUnitModal({ kind, departments, staff, onClose, onSaved }: { kind: 'team' | 'department', departments: Department[], staff: AdminUser[], onClose: () => void, onSaved: () => void }) {
  const t = useT()
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)

  const submit = async () => {
    const v = await form.validateFields()
    setBusy(true)
    try {
      if (kind === 'team') await adminApi.createTeam({ key: v.key.trim(), name: v.name.trim(), departmentId: v.parent ?? null, supervisorId: v.person ?? null })
      else await adminApi.createDepartment({ key: v.key.trim(), name: v.name.trim(), parentId: v.parent ?? null, managerId: v.person ?? null })
      onSaved()
      onClose()
    }
    catch (e) {
      const fields = { '/key': 'key', '/name': 'name', '/departmentId': 'parent', '/parentId': 'parent', '/supervisorId': 'person', '/managerId': 'person' }
      if (!showServerFieldErrors(form, e, fields)) message.error(errorMessage(e, t))
    }
    finally { setBusy(false) }
  }

  return (
    <Modal open title={t(kind === 'team' ? 'admin.org.newTeam' : 'admin.org.newDepartment')} okText={t('admin.save')} cancelText={t('admin.cancel')} onOk={submit} onCancel={onClose} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" data-testid={`${kind}-form`}>
        <Form.Item name="name" label={t('admin.org.name')} rules={[{ required: true, whitespace: true, message: t('admin.org.nameRequired') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="key" label={t('admin.org.key')} rules={[{ required: true, pattern: /^[a-zA-Z][\w-]{0,63}$/, message: t('admin.org.keyInvalid') }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="parent" label={t(kind === 'team' ? 'admin.org.department' : 'admin.org.parent')}>
          <Select allowClear options={departments.map(d => ({ value: d.id, label: d.name }))} />
        </Form.Item>
        <Form.Item name="person" label={t(kind === 'team' ? 'admin.org.supervisor' : 'admin.org.manager')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={staff.map(u => ({ value: u.id, label: `${u.displayName} (${u.username})` }))} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
