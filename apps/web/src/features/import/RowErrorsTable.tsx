import { Table } from 'antd'
import { useLocaleStore, useT } from '../../i18n'
import type { RowError } from './api'

/** Bad rows as the user finds them in Excel: row number (header = 1), column and reason. */
export default function RowErrorsTable({ errors, testId }: { errors: RowError[], testId: string }) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  return (
    <Table
      data-testid={testId}
      size="small"
      rowKey={(e, i) => `${e.row}-${e.field}-${i}`}
      dataSource={errors}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      columns={[
        { title: t('import.row'), dataIndex: 'row', width: 80 },
        { title: t('import.field'), key: 'field', width: 220, render: (_, e) => e.column ?? e.field },
        { title: t('import.reason'), key: 'reason', render: (_, e) => e.reason[locale] },
      ]}
    />
  )
}
