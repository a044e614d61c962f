import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Input, Select, Space, Typography } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useT } from '../../../../i18n'
import styles from '../../designer.module.css'

/** Free-text list (tags) with optional suggestions. */
export function TagsInput({ value, onChange, options, placeholder }: {
  value?: unknown, onChange: (v: string[] | undefined) => void, options?: Array<{ value: string, label: string }>, placeholder?: string
}) {
  const list = Array.isArray(value) ? value.map(String) : []
  return (
    <Select
      mode="tags"
      value={list}
      options={options}
      placeholder={placeholder}
      tokenSeparators={[',', '，']}
      onChange={(v: string[]) => onChange(v.length ? v : undefined)}
      style={{ width: '100%' }}
    />
  )
}

/** Text for a value: one line in a one-row box, plain text for a string where text is accepted. */
function show(v: unknown, rows: number, lenient: boolean): string {
  if (v === undefined) return ''
  if (lenient && typeof v === 'string') return v
  return rows > 1 ? JSON.stringify(v, null, 2) : JSON.stringify(v)
}

/**
 * JSON text for expressions and free-form values. Keeps the user's text while it does not
 * parse (and says so) instead of snapping back to the last valid value.
 */
export function JsonInput({ value, onChange, rows = 3, lenient = false }: {
  value: unknown, onChange: (v: unknown) => void, rows?: number, /** Accept plain text as a string. */ lenient?: boolean
}) {
  const t = useT()
  const [text, setText] = useState(() => show(value, rows, lenient))
  const [bad, setBad] = useState(false)
  const last = useRef(value)
  useEffect(() => {
    // Only an outside change (undo, another node) replaces what the user is typing.
    if (JSON.stringify(value) !== JSON.stringify(last.current)) {
      last.current = value
      setText(show(value, rows, lenient))
      setBad(false)
    }
  }, [value, rows, lenient])
  const edit = (s: string) => {
    setText(s)
    if (!s.trim()) { setBad(false); last.current = undefined; return onChange(undefined) }
    try {
      const v = JSON.parse(s)
      setBad(false)
      last.current = v
      onChange(v)
    }
    catch {
      if (lenient) { last.current = s; setBad(false); onChange(s) }
      else setBad(true)
    }
  }
  return (
    <>
      <Input.TextArea className={styles.mono} rows={rows} value={text} status={bad ? 'error' : undefined} onChange={e => edit(e.target.value)} />
      {bad && <Typography.Text type="danger" style={{ fontSize: 12 }}>{t('designer.panel.jsonInvalid')}</Typography.Text>}
    </>
  )
}

/** A string → value map (setFields targets, subflow input/output). */
export function KeyValueEditor({ value, onChange, valueIsJson, keyPrefix = '' }: {
  value: unknown, onChange: (v: Record<string, unknown> | undefined) => void, valueIsJson: boolean, keyPrefix?: string
}) {
  const t = useT()
  const entries = Object.entries(typeof value === 'object' && value !== null ? value as Record<string, unknown> : {})
  const emit = (next: Array<[string, unknown]>) => onChange(next.length ? Object.fromEntries(next) : undefined)
  return (
    <div>
      {entries.map(([k, v], i) => (
        <div key={i} className={styles.condRow} style={{ alignItems: 'flex-start' }}>
          <Input
            style={{ width: '45%' }}
            placeholder={t('designer.panel.key')}
            value={k}
            onChange={e => emit(entries.map((x, j) => (j === i ? [e.target.value, x[1]] : x)))}
          />
          <div style={{ flex: 1 }}>
            {valueIsJson
              ? <JsonInput value={v} rows={1} lenient onChange={nv => emit(entries.map((x, j) => (j === i ? [x[0], nv ?? ''] : x)))} />
              : <Input placeholder={t('designer.panel.value')} value={String(v ?? '')} onChange={e => emit(entries.map((x, j) => (j === i ? [x[0], e.target.value] : x)))} />}
          </div>
          <Button type="text" icon={<DeleteOutlined />} aria-label={t('designer.panel.remove')} onClick={() => emit(entries.filter((_, j) => j !== i))} />
        </div>
      ))}
      <Space>
        <Button size="small" icon={<PlusOutlined />} onClick={() => emit([...entries, [`${keyPrefix}field${entries.length + 1}`, '']])}>{t('designer.panel.add')}</Button>
      </Space>
    </div>
  )
}
