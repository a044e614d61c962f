import { FilterOutlined, ReloadOutlined } from '@ant-design/icons'
import { Alert, Badge, Button, Drawer, Grid, Space, Typography } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { useSearchParams } from 'react-router-dom'
import { errorMessage } from '../../../api/errors'
import { useT } from '../../../i18n'
import { type Queue, type QueueCounts, QUEUES, type Ticket, workbenchApi } from '../api'
import { useWorkbenchReference } from '../reference'
import { QueueBar } from './QueueBar'
import { type FilterValues, TicketFilters, TicketSearch } from './TicketFilters'
import { TicketList } from './TicketList'

const PAGE = 20
/** Counts refresh on their own so a queue's badge moves while the agent reads. */
const COUNTS_EVERY_MS = 30_000

/** /workbench: the queues, the filtered and searchable ticket list of the chosen one. */
export function WorkbenchPage() {
  const t = useT()
  const screens = Grid.useBreakpoint()
  const phone = screens.md === false
  const ref = useWorkbenchReference()
  const [params, setParams] = useSearchParams()
  const queue = (QUEUES as readonly string[]).includes(params.get('queue') ?? '') ? params.get('queue') as Queue : 'mine'
  const [filters, setFilters] = useState<FilterValues>({})
  const [offset, setOffset] = useState(0)
  const [counts, setCounts] = useState<QueueCounts | null>(null)
  const [items, setItems] = useState<Ticket[]>([])
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const [drawer, setDrawer] = useState(false)

  const loadCounts = useCallback(() => {
    if (!ref.loaded) return
    workbenchApi.queues(ref.teams).then(setCounts, e => setError(errorMessage(e, t)))
  }, [ref.loaded, ref.teams, t])

  useEffect(() => {
    loadCounts()
    const timer = setInterval(loadCounts, COUNTS_EVERY_MS)
    return () => clearInterval(timer)
  }, [loadCounts])

  useEffect(() => {
    if (!ref.loaded) return
    let live = true
    setLoading(true)
    workbenchApi.list({ queue, ...filters, limit: PAGE, offset }, ref.teams)
      .then((r) => { if (live) { setItems(r.items); setError(null) } }, (e) => { if (live) setError(errorMessage(e, t)) })
      .finally(() => { if (live) setLoading(false) })
    return () => { live = false }
  }, [ref.loaded, ref.teams, queue, filters, offset, t])

  const changeFilters = (f: FilterValues) => { setFilters(f); setOffset(0) }
  const activeFilters = Object.entries(filters).filter(([k, v]) => k !== 'q' && v !== undefined).length

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="workbench">
      <Typography.Title level={4} style={{ margin: 0 }}>{t('workbench.title')}</Typography.Title>
      <QueueBar compact={phone} value={queue} counts={counts} onChange={(q) => { setParams({ queue: q }); setOffset(0) }} />
      <Space wrap size={phone ? 6 : 8} style={{ width: '100%' }}>
        <TicketSearch width={phone ? 190 : 360} onSearch={q => changeFilters({ ...filters, q })} />
        {phone && (
          <Badge count={activeFilters} size="small">
            <Button icon={<FilterOutlined />} onClick={() => setDrawer(true)} data-testid="open-filters">{t('workbench.filter.more')}</Button>
          </Badge>
        )}
        <Button icon={<ReloadOutlined />} onClick={() => { loadCounts(); setFilters({ ...filters }) }} aria-label={t('workbench.refresh')} data-testid="refresh" />
      </Space>
      {!phone && <TicketFilters value={filters} onChange={changeFilters} />}
      {phone && (
        <Drawer open={drawer} onClose={() => setDrawer(false)} placement="bottom" size="70vh" title={t('workbench.filter.more')}>
          <TicketFilters stacked value={filters} onChange={changeFilters} />
          <Button block style={{ marginTop: 12 }} onClick={() => changeFilters({ q: filters.q })}>{t('workbench.filter.clear')}</Button>
        </Drawer>
      )}
      {error && <Alert type="error" showIcon title={t('workbench.loadFailed', { message: error })} />}
      <TicketList items={items} loading={loading} cards={phone} />
      <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
        <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>{t('workbench.prev')}</Button>
        <span>{t('workbench.page', { page: offset / PAGE + 1 })}</span>
        <Button disabled={items.length < PAGE} onClick={() => setOffset(offset + PAGE)} data-testid="next-page">{t('workbench.next')}</Button>
      </Space>
    </Space>
  )
}
