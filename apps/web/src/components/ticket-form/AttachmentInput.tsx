import { useRef, useState } from 'react'
import { App, Upload, type UploadFile } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import type { FieldDef } from '@scrm/forms'
import { useT } from '../../i18n'

/** Stores (or stages) one file and answers the id that goes into the field's value. */
export type UploadFn = (file: File, field: FieldDef) => Promise<{ id: string, url?: string }>

interface Props {
  id: string
  field: FieldDef
  value: string[]
  onChange: (ids: string[] | undefined) => void
  readOnly?: boolean
  onUpload?: UploadFn
}

/** Picture-card upload; the field's value is the list of ids the upload callback returned. */
export default function AttachmentInput({ id, field, value, onChange, readOnly, onUpload }: Props) {
  const t = useT()
  const { message } = App.useApp()
  const [files, setFiles] = useState<UploadFile[]>(() => value.map(v => ({ uid: v, name: v, status: 'done' })))
  // Several files upload at once: each completion appends to the latest value, not its render's.
  const latest = useRef(value)
  latest.current = value
  const max = typeof field.max === 'number' ? field.max : undefined
  const shown = files.filter(f => f.status !== 'done' || value.includes(f.uid))

  return (
    <Upload
      id={id}
      listType="picture-card"
      accept="image/*"
      multiple
      disabled={readOnly || !onUpload}
      fileList={shown}
      maxCount={max}
      customRequest={async ({ file, onSuccess, onError }) => {
        const raw = file as File & { uid: string }
        try {
          const stored = await onUpload!(raw, field)
          setFiles(fs => fs.map(f => (f.uid === raw.uid ? { ...f, uid: stored.id, status: 'done', url: stored.url } : f)))
          latest.current = [...latest.current, stored.id]
          onChange(latest.current)
          onSuccess?.(stored)
        }
        catch (e) {
          message.error(t('ticketForm.uploadFailed', { message: e instanceof Error ? e.message : String(e) }))
          setFiles(fs => fs.filter(f => f.uid !== raw.uid))
          onError?.(e as Error)
        }
      }}
      onChange={({ file }) => {
        if (file.status === 'uploading') setFiles(fs => (fs.some(f => f.uid === file.uid) ? fs : [...fs, { ...file, thumbUrl: file.originFileObj ? URL.createObjectURL(file.originFileObj) : undefined }]))
      }}
      onRemove={(file) => {
        const rest = value.filter(v => v !== file.uid)
        onChange(rest.length ? rest : undefined)
      }}
    >
      {readOnly || (max !== undefined && shown.length >= max) ? null : <div><PlusOutlined /><div style={{ marginTop: 4 }}>{t('ticketForm.upload')}</div></div>}
    </Upload>
  )
}
