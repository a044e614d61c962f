import { DownloadOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Select, Space, Statistic, Table, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { errorMessage } from '../../api/errors'
import { useLocaleStore, useT } from '../../i18n'
import { type DepartmentTotal, type SettlementLine, type SettlementReport, settlementApi } from './api'

/** The current month and the 23 before it, as `YYYY-MM` in Beijing time (the report's periods). */
function recentMonths(now = new Date()): string[] {
  const bj = new Date(now.getTime() + 8 * 3600_000)
  const out: string[] = []
  for (let i = 0; i < 24; i++) {
    const d = new Date(Date.UTC(bj.getUTCFullYear(), bj.getUTCMonth() - i, 1))
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`)
  }
  return out
}

/** Reconciliation per department and month: totals, the lines behind a department, CSV / XLSX export. */
export default function SettlementPage() {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const { message } = App.useApp()
  const [months] = useState(recentMonths)
  const [period, setPeriod] = useState(months[0])
  const [report, setReport] = useState<SettlementReport | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [open, setOpen] = useState<{ dept: DepartmentTotal, lines: SettlementLine[] | null } | null>(null)

  const load = useCallback(async () => {
    setError(null)
    setReport(null)
    setOpen(null)
    try { setReport(await settlementApi.report({ period })) }
    catch (e) { setError(e) }
  }, [period])
  useEffect(() => { void load() }, [load])

  const drill = async (dept: DepartmentTotal) => {
    setOpen({ dept, lines: null })
    try { setOpen({ dept, lines: await settlementApi.lines({ period, departmentId: dept.departmentId }) }) }
    catch (e) { message.error(errorMessage(e, t)) }
  }

  const download = (format: 'csv' | 'xlsx') =>
    settlementApi.export({ period }, format, locale).catch(e => message.error(errorMessage(e, t)))

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="settlement-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('settlement.title')}</Typography.Title>
        <Space wrap>
          <Select value={period} onChange={setPeriod} style={{ width: 120 }} aria-label={t('settlement.period')} data-testid="settlement-period"
            options={months.map(m => ({ value: m, label: m }))} />
          <Button icon={<DownloadOutlined />} onClick={() => download('csv')} disabled={!report}>{t('settlement.exportCsv')}</Button>
          <Button icon={<DownloadOutlined />} onClick={() => download('xlsx')} disabled={!report}>{t('settlement.exportXlsx')}</Button>
        </Space>
      </Space>
      {!!error && <Alert type="error" showIcon title={errorMessage(error, t)} />}
      <Space wrap size="large">
        <Card size="small"><Statistic title={t('settlement.total')} value={report?.totalYuan ?? '-'} prefix="¥" loading={!report && !error} /></Card>
        <Card size="small"><Statistic title={t('settlement.lineCount')} value={report?.lineCount ?? '-'} loading={!report && !error} /></Card>
      </Space>
      <Table<DepartmentTotal>
        rowKey="departmentId"
        size="small"
        loading={!report && !error}
        dataSource={report?.departments ?? []}
        pagination={false}
        locale={{ emptyText: t('settlement.empty') }}
        onRow={d => ({ onClick: () => void drill(d), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('settlement.department'), dataIndex: 'departmentName' },
          { title: t('settlement.lineCount'), dataIndex: 'lineCount', align: 'right' },
          { title: t('settlement.amount'), dataIndex: 'totalYuan', align: 'right', render: v => `¥${v}` },
        ]}
      />
      {open && (
        <Card size="small" title={t('settlement.linesOf', { name: open.dept.departmentName })}>
          <Table<SettlementLine>
            rowKey="id"
            size="small"
            loading={open.lines === null}
            dataSource={open.lines ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: true }}
            columns={[
              { title: t('settlement.ticket'), dataIndex: 'ticketNumber' },
              { title: t('settlement.rule'), dataIndex: 'ruleName' },
              { title: t('settlement.formula'), dataIndex: 'formulaId' },
              { title: t('settlement.resolvedAt'), dataIndex: 'resolvedAt', render: (v: string) => new Date(v).toLocaleString(locale, { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }) },
              { title: t('settlement.amount'), dataIndex: 'amountYuan', align: 'right', render: v => `¥${v}` },
            ]}
          />
        </Card>
      )}
    </Space>
  )
}
