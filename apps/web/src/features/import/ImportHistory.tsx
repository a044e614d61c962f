import { Table, Tag } from 'antd'
import { useLocaleStore, useT, type MessageKey } from '../../i18n'
import type { ImportJob, TypeOption } from './api'

const COLORS: Record<ImportJob['status'], string> = { uploaded: 'default', queued: 'blue', running: 'processing', done: 'success', cancelled: 'warning', failed: 'error' }

export default function ImportHistory({ jobs, types }: { jobs: ImportJob[], types: TypeOption[] }) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  return (
    <Table
      data-testid="import-history"
      size="small"
      rowKey="id"
      dataSource={jobs}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      columns={[
        { title: t('import.filename'), dataIndex: 'filename' },
        { title: t('import.type'), dataIndex: 'typeKey', render: (key: string) => types.find(x => x.key === key)?.name[locale] ?? key },
        { title: t('import.status'), dataIndex: 'status', render: (s: ImportJob['status']) => <Tag color={COLORS[s]}>{t(`import.status.${s}` as MessageKey)}</Tag> },
        { title: t('import.counts'), key: 'counts', render: (_, j) => `${j.created} / ${j.duplicates} / ${j.failed}` },
        { title: t('import.createdAt'), dataIndex: 'createdAt', render: (v: string) => new Date(v).toLocaleString() },
      ]}
    />
  )
}
