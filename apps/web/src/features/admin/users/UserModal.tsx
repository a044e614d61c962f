import { App, Form, Input, Modal, Select } from 'antd'
import { useEffect, useState } from 'react'
import { errorMessage } from '../../../api/errors'
import { showServerFieldErrors } from '../../../api/formErrors'
import type { Role } from '../../../api/types'
import { useT } from '../../../i18n'
import { pluginEnabled, usePluginsStore } from '../../../stores/plugins'
import { adminApi, type AdminUser, type OrgProfile, type Skill, type Team } from '../api'
import { SkillsInput } from './SkillsInput'

export const ROLES: Role[] = ['admin', 'supervisor', 'agent', 'customer']
const STAFF: Role[] = ['admin', 'supervisor', 'agent']

interface Values { username: string, displayName: string, password?: string, role: Role, email?: string, phone?: string, teams: string[], skills: Skill[], regions: string[] }

interface Props {
  /** The user to edit; undefined creates one. */
  user?: AdminUser
  profile?: OrgProfile
  /** null when plugins/org is off for the tenant: teams and skills are then not offered. */
  teams: Team[] | null
  onClose: () => void
  onSaved: () => void
}

/** Create a user or change one's name, role, teams and skills; server 4xx errors land on the field they name. */
export function UserModal({ user, profile, teams, onClose, onSaved }: Props) {
  const t = useT()
  const { message } = App.useApp()
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const role = Form.useWatch('role', form)
  const plugins = usePluginsStore(s => s.plugins)
  const ticketsOn = pluginEnabled(plugins, 'tickets')
  const [regionOptions, setRegionOptions] = useState<Array<{ value: string, label: string }>>([])

  // Region managers: which regions' template variants a supervisor may publish.
  useEffect(() => {
    if (!ticketsOn) return
    const ctrl = new AbortController()
    const orgOn = pluginEnabled(plugins, 'org')
    Promise.all([orgOn ? adminApi.regions() : [], user ? adminApi.managedRegions(user.id) : null])
      .then(([regions, managed]) => {
        if (ctrl.signal.aborted) return
        setRegionOptions(regions.map(r => ({ value: r.code, label: `${r.name} (${r.code})` })))
        if (managed) form.setFieldValue('regions', managed.regions)
      })
      .catch(() => { /* the field stays empty; saving reports real errors */ })
    return () => ctrl.abort()
  }, [ticketsOn, plugins, user, form])

  const submit = async () => {
    const v = await form.validateFields()
    setBusy(true)
    try {
      const common = { displayName: v.displayName.trim(), role: v.role, email: v.email?.trim() || null, phone: v.phone?.trim() || null }
      const saved = user
        ? await adminApi.patchUser(user.id, { ...common, ...(v.password ? { password: v.password } : {}) })
        : await adminApi.createUser({ ...common, username: v.username.trim(), password: v.password! })
      if (teams && STAFF.includes(v.role))
        await adminApi.patchProfile(saved.id, { teams: v.teams ?? [], skills: (v.skills ?? []).filter(s => s.skill.trim()).map(s => ({ skill: s.skill.trim(), level: s.level })) })
      if (ticketsOn && (v.role === 'supervisor' || v.regions?.length))
        await adminApi.setManagedRegions(saved.id, v.role === 'supervisor' ? v.regions ?? [] : [])
      message.success(t(user ? 'admin.users.saved' : 'admin.users.created', { name: saved.displayName }))
      onSaved()
      onClose()
    }
    catch (e) {
      const fields = { '/username': 'username', '/displayName': 'displayName', '/password': 'password', '/role': 'role', '/email': 'email', '/phone': 'phone', '/teams': 'teams', '/skills': 'skills', '/regions': 'regions' }
      if (!showServerFieldErrors(form, e, fields)) message.error(errorMessage(e, t))
    }
    finally { setBusy(false) }
  }

  return (
    <Modal
      open
      title={user ? t('admin.users.edit', { name: user.displayName }) : t('admin.users.new')}
      okText={t('admin.save')}
      cancelText={t('admin.cancel')}
      okButtonProps={{ id: 'user-save' }}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="user-form"
        initialValues={{
          username: user?.username, displayName: user?.displayName, role: user?.role ?? 'agent', email: user?.email ?? undefined, phone: user?.phone ?? undefined,
          teams: profile?.teams ?? [], skills: profile?.skills ?? [],
        }}
      >
        <Form.Item name="username" label={t('admin.users.username')} rules={[{ required: true, pattern: /^[\w.@-]+$/, message: t('admin.users.usernameInvalid') }]}>
          <Input disabled={!!user} maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('admin.users.displayName')} rules={[{ required: true, whitespace: true, message: t('admin.users.displayNameRequired') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="password"
          label={user ? t('admin.users.newPassword') : t('admin.users.password')}
          rules={[{ required: !user, min: 8, message: t('admin.users.passwordInvalid') }]}
        >
          <Input.Password maxLength={200} autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('admin.users.role')} rules={[{ required: true }]}>
          <Select data-testid="user-role" options={ROLES.map(r => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="email" label={t('admin.users.email')} rules={[{ type: 'email', message: t('admin.users.emailInvalid') }]}>
          <Input maxLength={320} />
        </Form.Item>
        <Form.Item name="phone" label={t('admin.users.phone')}>
          <Input maxLength={32} />
        </Form.Item>
        {teams && STAFF.includes(role) && (
          <>
            <Form.Item name="teams" label={t('admin.users.teams')}>
              <Select mode="multiple" data-testid="user-teams" options={teams.map(x => ({ value: x.key, label: x.name }))} />
            </Form.Item>
            <Form.Item name="skills" label={t('admin.users.skills')}>
              <SkillsInput />
            </Form.Item>
          </>
        )}
        {ticketsOn && role === 'supervisor' && (
          <Form.Item name="regions" label={t('admin.users.regions')} extra={t('admin.users.regionsHelp')}>
            <Select mode="tags" data-testid="user-regions" options={regionOptions} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}
