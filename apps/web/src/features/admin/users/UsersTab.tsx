import { PlusOutlined } from '@ant-design/icons'
import { Alert, App, Button, Popconfirm, Space, Table, Tag } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { errorMessage } from '../../../api/errors'
import { useT } from '../../../i18n'
import { useAuthStore } from '../../../stores/auth'
import { pluginEnabled, usePluginsStore } from '../../../stores/plugins'
import { adminApi, type AdminUser, type OrgProfile, type Team } from '../api'
import { UserModal } from './UserModal'

/** Users of the tenant: create, change role/team/skills, disable and enable again. */
export function UsersTab() {
  const t = useT()
  const { message } = App.useApp()
  const me = useAuthStore(s => s.user?.id)
  const orgOn = pluginEnabled(usePluginsStore(s => s.plugins), 'org')
  const [users, setUsers] = useState<AdminUser[] | null>(null)
  const [profiles, setProfiles] = useState<Map<string, OrgProfile>>(new Map())
  const [teams, setTeams] = useState<Team[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null)

  const load = useCallback(async () => {
    try {
      const [us, ps, ts] = await Promise.all([adminApi.users(), orgOn ? adminApi.profiles() : [], orgOn ? adminApi.teams() : null])
      setUsers(us)
      setProfiles(new Map(ps.map(p => [p.userId, p])))
      setTeams(ts)
      setError(null)
    }
    catch (e) { setError(e) }
  }, [orgOn])
  useEffect(() => { void load() }, [load])

  const setActive = async (u: AdminUser, active: boolean) => {
    try {
      const next = await adminApi.patchUser(u.id, { active })
      setUsers(list => list?.map(x => (x.id === next.id ? next : x)) ?? null)
      message.success(t(active ? 'admin.users.enabled' : 'admin.users.disabled', { name: u.displayName }))
    }
    catch (e) { message.error(errorMessage(e, t)) }
  }
  const teamName = (key: string) => teams?.find(x => x.key === key)?.name ?? key

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {!!error && <Alert type="error" showIcon title={errorMessage(error, t)} />}
      <Button type="primary" icon={<PlusOutlined />} data-testid="new-user" onClick={() => setEditing('new')}>{t('admin.users.new')}</Button>
      <Table<AdminUser>
        rowKey="id"
        size="small"
        data-testid="users-table"
        loading={users === null && !error}
        dataSource={users ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={u => ({ 'data-testid': `user-row-${u.username}` } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: t('admin.users.username'), dataIndex: 'username' },
          { title: t('admin.users.displayName'), dataIndex: 'displayName' },
          { title: t('admin.users.role'), dataIndex: 'role', render: (r: AdminUser['role']) => <Tag>{t(`role.${r}`)}</Tag> },
          ...(orgOn
            ? [
                { title: t('admin.users.teams'), key: 'teams', render: (_: unknown, u: AdminUser) => profiles.get(u.id)?.teams.map(k => <Tag key={k}>{teamName(k)}</Tag>) },
                { title: t('admin.users.skills'), key: 'skills', render: (_: unknown, u: AdminUser) => profiles.get(u.id)?.skills.map(s => <Tag key={s.skill}>{`${s.skill} ${s.level}`}</Tag>) },
              ]
            : []),
          { title: t('admin.users.status'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{t('admin.users.active')}</Tag> : <Tag color="red">{t('admin.users.inactive')}</Tag>) },
          {
            title: t('admin.actions'),
            key: 'actions',
            render: (_, u) => (
              <Space>
                <Button size="small" onClick={() => setEditing(u)}>{t('admin.edit')}</Button>
                {u.active
                  ? (
                      <Popconfirm title={t('admin.users.disableConfirm', { name: u.displayName })} onConfirm={() => setActive(u, false)} disabled={u.id === me}>
                        <Button size="small" danger disabled={u.id === me} data-testid={`disable-${u.username}`}>{t('admin.users.disable')}</Button>
                      </Popconfirm>
                    )
                  : <Button size="small" data-testid={`enable-${u.username}`} onClick={() => setActive(u, true)}>{t('admin.users.enable')}</Button>}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <UserModal
          user={editing === 'new' ? undefined : editing}
          profile={editing === 'new' ? undefined : profiles.get(editing.id)}
          teams={teams}
          onClose={() => setEditing(null)}
          onSaved={load}
        />
      )}
    </Space>
  )
}
