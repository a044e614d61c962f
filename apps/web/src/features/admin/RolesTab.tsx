import { Table, Tag } from 'antd'
import { useEffect, useState } from 'react'
import type { Role } from '../../api/types'
import { useT, type MessageKey } from '../../i18n'
import { adminApi } from './api'
import { ROLES } from './users/UserModal'

/** The four platform roles, what each may do, and how many users hold it. */
export function RolesTab() {
  const t = useT()
  const [counts, setCounts] = useState<Record<string, number>>({})
  useEffect(() => {
    const ctrl = new AbortController()
    adminApi.users()
      .then((us) => { if (!ctrl.signal.aborted) setCounts(us.reduce<Record<string, number>>((m, u) => ({ ...m, [u.role]: (m[u.role] ?? 0) + 1 }), {})) })
      .catch(() => { /* counts are a nicety; the users tab shows load errors */ })
    return () => ctrl.abort()
  }, [])
  return (
    <Table<{ role: Role }>
      rowKey="role"
      size="small"
      data-testid="roles-table"
      pagination={false}
      dataSource={ROLES.map(role => ({ role }))}
      columns={[
        { title: t('admin.roles.role'), key: 'role', render: (_, r) => <Tag>{t(`role.${r.role}`)}</Tag> },
        { title: t('admin.roles.may'), key: 'may', render: (_, r) => t(`admin.roles.${r.role}` as MessageKey) },
        { title: t('admin.roles.users'), key: 'n', render: (_, r) => counts[r.role] ?? 0 },
      ]}
    />
  )
}
