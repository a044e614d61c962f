import { Table, Tag } from 'antd'
import { useT, type MessageKey } from '../../i18n'
import type { ImportJob } from './api'

const COLORS: Record<ImportJob['status'], string> = { uploaded: 'default', queued: 'blue', running: 'processing', done: 'success', cancelled: 'warning', failed: 'error' }

export default function ImportHistory({ jobs }: { jobs: ImportJob[] }) {
  const t = useT()
  return (
    <Table
      data-testid="import-history"
      size="small"
      rowKey="id"
      dataSource={jobs}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      columns={[
        { title: t('import.filename'), dataIndex: 'filename' },
        { title: t('import.type'), dataIndex: 'typeKey' },
        { title: t('import.status'), dataIndex: 'status', render: (s: ImportJob['status']) => <Tag color={COLORS[s]}>{t(`import.status.${s}` as MessageKey)}</Tag> },
        { title: t('import.counts'), key: 'counts', render: (_, j) => `${j.created} / ${j.duplicates} / ${j.failed}` },
        { title: t('import.createdAt'), dataIndex: 'createdAt', render: (v: string) => new Date(v).toLocaleString() },
      ]}
    />
  )
}
