import { Button, Input, InputNumber, Space } from 'antd'
import { AimOutlined } from '@ant-design/icons'
import { App } from 'antd'
import { useT } from '../../i18n'

interface Location { lat?: number, lng?: number, address?: string }

interface Props {
  id: string
  value: unknown
  onChange: (value: unknown) => void
  readOnly?: boolean
  invalid?: boolean
}

/** `{ lat, lng, address? }`: typed, or taken from the phone's position. */
export default function LocationInput({ id, value, onChange, readOnly, invalid }: Props) {
  const t = useT()
  const { message } = App.useApp()
  const loc = (typeof value === 'object' && value !== null ? value : {}) as Location
  const status = invalid ? 'error' as const : undefined
  const set = (patch: Partial<Location>) => {
    const next = Object.fromEntries(Object.entries({ ...loc, ...patch }).filter(([, v]) => v !== undefined && v !== null && v !== ''))
    onChange(Object.keys(next).length ? next : undefined)
  }
  const locate = () => navigator.geolocation.getCurrentPosition(
    p => set({ lat: Number(p.coords.latitude.toFixed(6)), lng: Number(p.coords.longitude.toFixed(6)) }),
    () => message.error(t('ticketForm.locateFailed')),
  )
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input id={id} disabled={readOnly} status={status} placeholder={t('ticketForm.address')} value={loc.address ?? ''} onChange={e => set({ address: e.target.value })} />
      <Space.Compact style={{ width: '100%' }}>
        <InputNumber disabled={readOnly} status={status} style={{ width: '50%' }} placeholder={t('ticketForm.lat')} min={-90} max={90} value={loc.lat} onChange={v => set({ lat: v ?? undefined })} />
        <InputNumber disabled={readOnly} status={status} style={{ width: '50%' }} placeholder={t('ticketForm.lng')} min={-180} max={180} value={loc.lng} onChange={v => set({ lng: v ?? undefined })} />
        {!readOnly && 'geolocation' in navigator && <Button icon={<AimOutlined />} onClick={locate} aria-label={t('ticketForm.locate')} />}
      </Space.Compact>
    </Space>
  )
}
