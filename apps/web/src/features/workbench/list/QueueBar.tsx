import { Badge, Segmented } from 'antd'
import { useT } from '../../../i18n'
import { type Queue, type QueueCounts, QUEUES } from '../api'

const ALERT: Partial<Record<Queue, string>> = { at_risk: '#fa8c16', breached: '#f5222d' }

/** The five queues with the server's live counts; the selected one drives the list. */
export function QueueBar({ value, counts, onChange, compact }: { value: Queue, counts: QueueCounts | null, onChange: (q: Queue) => void, compact?: boolean }) {
  const t = useT()
  // Phones: full labels in a row that scrolls sideways, rather than five squeezed, truncated ones.
  return (
    <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
      <Segmented<Queue>
        data-testid="queue-bar"
        block={!compact}
        size={compact ? 'small' : 'middle'}
        value={value}
        onChange={onChange}
        options={QUEUES.map(q => ({
          value: q,
          label: (
            <span data-testid={`queue-${q}`} data-count={counts?.[q] ?? ''}>
              {t(`workbench.queue.${q}`)}
              {' '}
              <Badge count={counts?.[q] ?? 0} showZero overflowCount={9999} color={ALERT[q] ?? (q === value ? '#1677ff' : '#bfbfbf')} size="small" />
            </span>
          ),
        }))}
      />
    </div>
  )
}
