import { Tag } from 'antd'
import { type MessageKey, useT } from '../../i18n'
import { useTryT } from './text'

const SLA_COLOR: Record<string, string> = { ok: 'green', at_risk: 'orange', breached: 'red' }
const PRIORITY_COLOR: Record<string, string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' }

/** The ticket's SLA state as a coloured tag: green on track, orange warned, red overdue. */
export function SlaTag({ state }: { state: string | null }) {
  const t = useT()
  if (!state || !(state in SLA_COLOR)) return <Tag data-testid="sla-tag" data-sla="none">{t('workbench.sla.none')}</Tag>
  return <Tag data-testid="sla-tag" data-sla={state} color={SLA_COLOR[state]}>{t(`workbench.sla.${state}` as MessageKey)}</Tag>
}

export function PriorityTag({ priority }: { priority: string }) {
  const t = useT()
  return <Tag color={PRIORITY_COLOR[priority] ?? 'default'}>{t(`workbench.priority.${priority}` as MessageKey)}</Tag>
}

/** Channel name; a channel a plugin added after this screen shows its key. */
export function useChannelName(): (channel: string) => string {
  const tryT = useTryT()
  return channel => tryT(`workbench.channel.${channel}`, channel)
}
