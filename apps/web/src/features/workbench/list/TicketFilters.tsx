import { DatePicker, Input, Select } from 'antd'
import { useT } from '../../../i18n'
import type { TicketFilter } from '../api'
import { useReference } from '../reference'
import { useChannelName } from '../tags'
import { usePick } from '../text'

export type FilterValues = Omit<TicketFilter, 'queue' | 'limit' | 'offset'>

const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
const CHANNELS = ['api', 'portal', 'chat', 'phone', 'email', 'wecom']

/** Status, priority, type, channel, created range; `stacked` lays them out for a drawer on phones. */
export function TicketFilters({ value, onChange, stacked }: { value: FilterValues, onChange: (v: FilterValues) => void, stacked?: boolean }) {
  const t = useT()
  const pickText = usePick()
  const channelName = useChannelName()
  const { statuses, types } = useReference()
  const width = stacked ? '100%' : 160
  const set = (patch: Partial<FilterValues>) => onChange({ ...value, ...patch })
  return (
    <div style={{ display: 'flex', flexDirection: stacked ? 'column' : 'row', flexWrap: 'wrap', gap: 8 }} data-testid="ticket-filters">
      <Select mode="multiple" allowClear maxTagCount="responsive" style={{ width }} placeholder={t('workbench.filter.status')} aria-label={t('workbench.filter.status')}
        value={value.status ?? []} onChange={v => set({ status: v.length ? v : undefined })}
        options={statuses.map(s => ({ value: s.key, label: pickText(s.name) }))} />
      <Select mode="multiple" allowClear maxTagCount="responsive" style={{ width }} placeholder={t('workbench.filter.priority')} aria-label={t('workbench.filter.priority')}
        value={value.priority ?? []} onChange={v => set({ priority: v.length ? v : undefined })}
        options={PRIORITIES.map(p => ({ value: p, label: t(`workbench.priority.${p}`) }))} />
      <Select mode="multiple" allowClear maxTagCount="responsive" style={{ width }} placeholder={t('workbench.filter.type')} aria-label={t('workbench.filter.type')}
        value={value.type ?? []} onChange={v => set({ type: v.length ? v : undefined })}
        options={types.map(x => ({ value: x.key, label: pickText(x.name) }))} />
      <Select mode="multiple" allowClear maxTagCount="responsive" style={{ width }} placeholder={t('workbench.filter.channel')} aria-label={t('workbench.filter.channel')}
        value={value.channel ?? []} onChange={v => set({ channel: v.length ? v : undefined })}
        options={CHANNELS.map(c => ({ value: c, label: channelName(c) }))} />
      <DatePicker.RangePicker style={{ width: stacked ? '100%' : 260 }} aria-label={t('workbench.filter.created')}
        onChange={range => set({ createdFrom: range?.[0]?.startOf('day').toISOString(), createdTo: range?.[1]?.endOf('day').toISOString() })} />
    </div>
  )
}

/** The search box: the server finds Chinese substrings of number, title, description and fields. */
export function TicketSearch({ onSearch, width = 360 }: { onSearch: (q: string | undefined) => void, width?: number }) {
  const t = useT()
  return (
    <Input.Search data-testid="ticket-search" allowClear placeholder={t('workbench.filter.search')} style={{ width }}
      onSearch={q => onSearch(q.trim() || undefined)} />
  )
}
