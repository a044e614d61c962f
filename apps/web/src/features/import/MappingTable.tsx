import { Select, Table, Tag } from 'antd'
import { useLocaleStore, useT } from '../../i18n'
import type { Mapping, Uploaded } from './api'

interface Props {
  uploaded: Uploaded
  mapping: Mapping
  onChange: (mapping: Mapping) => void
}

/** One line per file column: a sample value and the target it fills (the server's proposal, editable). */
export default function MappingTable({ uploaded, mapping, onChange }: Props) {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const used = new Set(Object.values(mapping).filter(Boolean))
  const rows = uploaded.job.columns.map((column, i) => ({ column, sample: uploaded.preview[0]?.cells[i] ?? '' })).filter(r => r.column)
  return (
    <Table
      data-testid="import-mapping"
      size="small"
      pagination={false}
      rowKey="column"
      dataSource={rows}
      columns={[
        { title: t('import.column'), dataIndex: 'column' },
        { title: t('import.sample'), dataIndex: 'sample', ellipsis: true },
        {
          title: t('import.target'),
          key: 'target',
          render: (_, r) => (
            <Select
              data-testid={`import-target-${r.column}`}
              style={{ width: 260 }}
              value={mapping[r.column] ?? ''}
              onChange={v => onChange({ ...mapping, [r.column]: v || null })}
              options={[
                { value: '', label: t('import.skip') },
                ...uploaded.targets.map(x => ({
                  value: x.target,
                  disabled: used.has(x.target) && mapping[r.column] !== x.target,
                  label: <span>{x.label[locale]}{x.required && <Tag style={{ marginInlineStart: 6 }} color="red">{t('import.required')}</Tag>}</span>,
                })),
              ]}
            />
          ),
        },
      ]}
    />
  )
}
