import { InboxOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Progress, Select, Space, Typography, Upload } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { useLocaleStore, useT } from '../../i18n'
import { type DryRun, type ImportJob, importApi, type Mapping, type TypeOption, type Uploaded } from './api'
import ImportHistory from './ImportHistory'
import MappingTable from './MappingTable'
import RowErrorsTable from './RowErrorsTable'
import { useImportProgress } from './useImportProgress'

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** Upload → mapping → dry run → run with live progress; the tenant's import history below. */
export default function ImportPage() {
  const t = useT()
  const locale = useLocaleStore(s => s.locale)
  const [types, setTypes] = useState<TypeOption[]>([])
  const [typeKey, setTypeKey] = useState<string>()
  const [uploaded, setUploaded] = useState<Uploaded>()
  const [mapping, setMapping] = useState<Mapping>({})
  const [dry, setDry] = useState<DryRun>()
  const [started, setStarted] = useState<ImportJob>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [history, setHistory] = useState<ImportJob[]>([])
  const job = useImportProgress(started)

  const loadHistory = useCallback(() => { importApi.history().then(r => setHistory(r.items)).catch(e => setError(message(e))) }, [])
  useEffect(() => {
    importApi.types().then(list => setTypes(list.filter(x => x.active))).catch(e => setError(message(e)))
    loadHistory()
  }, [loadHistory])
  const finished = job && !['queued', 'running'].includes(job.status)
  useEffect(() => { if (finished) loadHistory() }, [finished, loadHistory])

  const step = async (what: 'import.uploadFailed' | 'import.dryRunFailed' | 'import.runFailed', fn: () => Promise<void>) => {
    setBusy(true)
    setError(undefined)
    try { await fn() }
    catch (e) { setError(t(what, { message: message(e) })) }
    finally { setBusy(false) }
  }
  const upload = (file: File) => step('import.uploadFailed', async () => {
    const u = await importApi.upload(file, typeKey!)
    setUploaded(u)
    setMapping(u.mapping)
    setDry(undefined)
    setStarted(undefined)
    loadHistory()
  })
  const reset = () => { setUploaded(undefined); setDry(undefined); setStarted(undefined); setError(undefined) }

  return (
    <Space direction="vertical" size="large" style={{ width: '100%', padding: 24 }} data-testid="import-page">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('import.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('import.subtitle')}</Typography.Text>
      </div>
      {error && <Alert type="error" showIcon message={error} data-testid="import-error" />}
      {!uploaded && (
        <Card>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Select
              data-testid="import-type"
              style={{ width: 320 }}
              placeholder={t('import.typePlaceholder')}
              value={typeKey}
              onChange={setTypeKey}
              options={types.map(x => ({ value: x.key, label: x.name[locale] }))}
            />
            <Upload.Dragger
              accept=".csv,.xlsx"
              disabled={!typeKey || busy}
              showUploadList={false}
              beforeUpload={(file) => { void upload(file); return false }}
            >
              <p className="ant-upload-drag-icon"><InboxOutlined /></p>
              <p className="ant-upload-text">{t('import.drop')}</p>
              <p className="ant-upload-hint">{t('import.dropHint')}</p>
            </Upload.Dragger>
          </Space>
        </Card>
      )}
      {uploaded && !started && (
        <Card title={t('import.mapping')} extra={<Typography.Text data-testid="import-file-info">{t('import.fileInfo', { filename: uploaded.job.filename, total: uploaded.job.total })}</Typography.Text>}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <MappingTable uploaded={uploaded} mapping={mapping} onChange={(m) => { setMapping(m); setDry(undefined) }} />
            <Space>
              <Button data-testid="import-dry-run" loading={busy} onClick={() => step('import.dryRunFailed', async () => setDry(await importApi.dryRun(uploaded.job.id, mapping)))}>{t('import.dryRun')}</Button>
              <Button data-testid="import-run" type="primary" disabled={!dry || busy} onClick={() => step('import.runFailed', async () => setStarted(await importApi.run(uploaded.job.id, mapping)))}>{t('import.run')}</Button>
              <Button onClick={reset}>{t('import.another')}</Button>
            </Space>
            {dry && (
              <>
                <Alert type={dry.failed ? 'warning' : 'success'} showIcon data-testid="import-dry-summary" message={t('import.dryRunSummary', { total: dry.total, valid: dry.valid, failed: dry.failed, duplicates: dry.duplicates })} description={dry.failed ? undefined : t('import.dryRunClean')} />
                {dry.errors.length > 0 && <RowErrorsTable errors={dry.errors} testId="import-dry-errors" />}
              </>
            )}
          </Space>
        </Card>
      )}
      {job && (
        <Card title={uploaded?.job.filename}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Progress data-testid="import-progress" percent={job.total ? Math.floor((job.done / job.total) * 100) : 100} status={job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'} />
            <Typography.Text data-testid="import-progress-text">{t('import.progress', { done: job.done, total: job.total, created: job.created, duplicates: job.duplicates, failed: job.failed })}</Typography.Text>
            {job.error && <Alert type="error" message={job.error} />}
            <Space>
              {!finished && <Button danger data-testid="import-cancel" onClick={() => { void importApi.cancel(job.id).then(setStarted).catch(e => setError(message(e))) }}>{t('import.cancel')}</Button>}
              {finished && <Button data-testid="import-another" onClick={reset}>{t('import.another')}</Button>}
            </Space>
            {finished && job.errors.length > 0 && (
              <>
                <Typography.Text strong>{t('import.failedRows')}</Typography.Text>
                <RowErrorsTable errors={job.errors} testId="import-run-errors" />
              </>
            )}
          </Space>
        </Card>
      )}
      <Card title={t('import.history')}>
        <ImportHistory jobs={history} types={types} />
      </Card>
    </Space>
  )
}
