import { formatDuration, parseDuration } from '@scrm/flow'
import { Button, InputNumber, Radio, Select, Space } from 'antd'
import { useT, type MessageKey } from '../../../../i18n'

const MIN = 60_000
const UNITS = [
  { unit: 'minutes', ms: MIN },
  { unit: 'hours', ms: 60 * MIN },
  { unit: 'days', ms: 24 * 60 * MIN },
  { unit: 'weeks', ms: 7 * 24 * 60 * MIN },
] as const
type Unit = (typeof UNITS)[number]['unit']

const PRESETS = ['PT30M', 'PT2H', 'PT4H', 'P1D', 'P3D']

/** ISO duration → amount in the largest unit it divides evenly (PT90M → 90 minutes, PT2H → 2 hours). */
export function splitDuration(iso: string | undefined): { amount: number, unit: Unit } | undefined {
  if (!iso) return undefined
  let ms: number
  try { ms = parseDuration(iso) }
  catch { return undefined }
  const fit = [...UNITS].reverse().find(u => ms >= u.ms && ms % u.ms === 0) ?? UNITS[0]
  return { amount: ms / fit.ms, unit: fit.unit }
}

export function joinDuration(amount: number, unit: Unit): string {
  const u = UNITS.find(x => x.unit === unit)!
  if (unit === 'weeks') return `P${amount}W`
  return formatDuration(Math.round(amount * u.ms))
}

/** A friendly picker for ISO-8601 durations: amount + unit, and one-click presets. */
export function DurationInput({ value, onChange, testId }: { value?: string, onChange: (v: string | undefined) => void, testId?: string }) {
  const t = useT()
  const parts = splitDuration(value)
  const unit = parts?.unit ?? 'hours'
  const label = (iso: string) => {
    const p = splitDuration(iso)!
    return `${p.amount} ${t(`designer.duration.${p.unit}${p.amount === 1 ? '.one' : ''}` as MessageKey)}`
  }
  return (
    <div data-testid={testId}>
      <Space.Compact style={{ width: '100%' }}>
        <InputNumber
          min={0.5}
          step={1}
          value={parts?.amount ?? null}
          placeholder={value && !parts ? value : t('designer.duration.placeholder')}
          onChange={n => onChange(typeof n === 'number' && n > 0 ? joinDuration(n, unit) : undefined)}
          style={{ width: '60%' }}
        />
        <Select
          value={unit}
          style={{ width: '40%' }}
          onChange={(u: Unit) => onChange(joinDuration(parts?.amount ?? 1, u))}
          options={UNITS.map(u => ({ value: u.unit, label: t(`designer.duration.${u.unit}` as MessageKey) }))}
        />
      </Space.Compact>
      <Space size={4} wrap style={{ marginTop: 4 }}>
        {PRESETS.map(p => (
          <Button key={p} size="small" type={value === p ? 'primary' : 'default'} onClick={() => onChange(p)}>{label(p)}</Button>
        ))}
      </Space>
    </div>
  )
}

/** An SLA warning point: a percentage of the target (`80%`) or a duration before it (`PT30M`). */
export function WarnAtInput({ value, onChange }: { value?: string, onChange: (v: string | undefined) => void }) {
  const t = useT()
  const pct = value && /^(\d+(?:\.\d+)?)%$/.exec(value)
  const mode = !value ? 'none' : pct ? 'percent' : 'before'
  return (
    <div>
      <Radio.Group
        size="small"
        value={mode}
        onChange={(e) => {
          const m = e.target.value as string
          onChange(m === 'none' ? undefined : m === 'percent' ? '80%' : 'PT30M')
        }}
        options={[
          { value: 'none', label: t('designer.panel.none') },
          { value: 'percent', label: t('designer.sla.warnPercent') },
          { value: 'before', label: t('designer.sla.warnBefore') },
        ]}
      />
      <div style={{ marginTop: 6 }}>
        {mode === 'percent' && (
          <InputNumber min={1} max={99} value={Number(pct && pct[1])} suffix="%" onChange={n => onChange(n ? `${n}%` : undefined)} />
        )}
        {mode === 'before' && <DurationInput value={value} onChange={onChange} />}
      </div>
    </div>
  )
}
