import { PlusOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Popconfirm, Space, Table } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { errorMessage } from '../../../api/errors'
import { useT } from '../../../i18n'
import { adminApi, type AdminUser, type Department, type Team } from '../api'
import { OrgUnitModal } from './OrgUnitModal'

/** Teams and departments of plugins/org: who works where and who supervises whom. */
export function OrgTab() {
  const t = useT()
  const { message } = App.useApp()
  const [teams, setTeams] = useState<Team[] | null>(null)
  const [departments, setDepartments] = useState<Department[]>([])
  const [staff, setStaff] = useState<AdminUser[]>([])
  const [error, setError] = useState<unknown>(null)
  const [creating, setCreating] = useState<'team' | 'department' | null>(null)

  const load = useCallback(async () => {
    try {
      const [ts, ds, us] = await Promise.all([adminApi.teams(), adminApi.departments(), adminApi.users()])
      setTeams(ts)
      setDepartments(ds)
      setStaff(us.filter(u => u.role !== 'customer' && u.active))
      setError(null)
    }
    catch (e) { setError(e) }
  }, [])
  useEffect(() => { void load() }, [load])

  const remove = async (fn: () => Promise<void>) => {
    try { await fn(); await load() }
    catch (e) { message.error(errorMessage(e, t)) }
  }
  const person = (id: string | null) => (id ? staff.find(u => u.id === id)?.displayName ?? '—' : '—')
  const dept = (id: string | null) => (id ? departments.find(d => d.id === id)?.name ?? '—' : '—')
  const del = (onConfirm: () => void) => (
    <Popconfirm title={t('admin.org.deleteConfirm')} onConfirm={onConfirm}>
      <Button size="small" danger>{t('admin.delete')}</Button>
    </Popconfirm>
  )

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="org-tab">
      {!!error && <Alert type="error" showIcon title={errorMessage(error, t)} />}
      <Card size="small" title={t('admin.org.teams')} extra={<Button size="small" icon={<PlusOutlined />} data-testid="new-team" onClick={() => setCreating('team')}>{t('admin.org.newTeam')}</Button>}>
        <Table<Team>
          rowKey="id"
          size="small"
          loading={teams === null && !error}
          dataSource={teams ?? []}
          pagination={false}
          columns={[
            { title: t('admin.org.name'), dataIndex: 'name' },
            { title: t('admin.org.key'), dataIndex: 'key', render: (k: string) => <code>{k}</code> },
            { title: t('admin.org.department'), dataIndex: 'departmentId', render: dept },
            { title: t('admin.org.supervisor'), dataIndex: 'supervisorId', render: person },
            { title: t('admin.actions'), key: 'a', render: (_, r) => del(() => remove(() => adminApi.deleteTeam(r.id))) },
          ]}
        />
      </Card>
      <Card size="small" title={t('admin.org.departments')} extra={<Button size="small" icon={<PlusOutlined />} data-testid="new-department" onClick={() => setCreating('department')}>{t('admin.org.newDepartment')}</Button>}>
        <Table<Department>
          rowKey="id"
          size="small"
          dataSource={departments}
          pagination={false}
          columns={[
            { title: t('admin.org.name'), dataIndex: 'name' },
            { title: t('admin.org.key'), dataIndex: 'key', render: (k: string) => <code>{k}</code> },
            { title: t('admin.org.parent'), dataIndex: 'parentId', render: dept },
            { title: t('admin.org.manager'), dataIndex: 'managerId', render: person },
            { title: t('admin.actions'), key: 'a', render: (_, r) => del(() => remove(() => adminApi.deleteDepartment(r.id))) },
          ]}
        />
      </Card>
      {creating && <OrgUnitModal kind={creating} departments={departments} staff={staff} onClose={() => setCreating(null)} onSaved={load} />}
    </Space>
  )
}
