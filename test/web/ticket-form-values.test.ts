// The ticket form's value handling (apps/web/src/components/ticket-form/values.ts) and the portal's
// photo staging against the real @scrm/forms: what the browser stores is what validateValues
// accepts, and errors from either side land on the same field.
import { afterSalesTemplate, validateValues, type TemplateSchema } from '@scrm/forms'
import { describe, expect, it } from 'vitest'
import { errorsByField, fenToYuan, isoToLocal, localToIso, serverErrorsByField, yuanToFen } from '../../apps/web/src/components/ticket-form/values'
import { StagedFiles } from '../../apps/web/src/features/portal/staging'

const label = (zh: string) => ({ 'zh-CN': zh, 'en-US': zh })
const schema: TemplateSchema = {
  fields: [
    { key: 'amount', type: 'money', label: label('金额'), min: 0 },
    { key: 'visitAt', type: 'datetime', label: label('上门时间') },
    { key: 'photos', type: 'attachment', label: label('照片'), max: 2 },
  ],
}

describe('ticket form values', () => {
  it('money typed in yuan is stored as whole fen, without float noise', () => {
    for (const [yuan, fen] of [[19.99, 1999], [0.1 + 0.2, 30], [1234.5, 123450], [0, 0]] as const) {
      expect(yuanToFen(yuan)).toBe(fen)
      expect(validateValues(schema, { amount: yuanToFen(yuan) }).ok).toBe(true)
    }
    expect(fenToYuan(1999)).toBe(19.99)
    expect(yuanToFen(null)).toBeUndefined()
    expect(fenToYuan(undefined)).toBeNull()
  })

  it('a browser-local date-time gets its time zone, as the datetime field demands, and reads back', () => {
    const iso = localToIso('2026-12-01T09:30')!
    expect(iso).toMatch(/^2026-12-01T09:30:00[+-]\d{2}:\d{2}$/)
    expect(validateValues(schema, { visitAt: iso })).toMatchObject({ ok: true, values: { visitAt: new Date(iso).toISOString() } })
    expect(isoToLocal(iso)).toBe('2026-12-01T09:30')
    expect(localToIso('')).toBeUndefined()
    expect(isoToLocal('not a date')).toBe('')
  })

  it('validation errors (browser) and 400 details (server) map to the same field keys', () => {
    const result = validateValues(afterSalesTemplate, { problemType: '售后服务', contactPhone: '12345', address: ['浙江省', '火星市'] })
    expect(errorsByField(result.errors, 'zh-CN')).toEqual({
      faultDescription: '此项为必填项',
      contactPhone: '不是有效的手机号或固定电话',
      address: '第 2 级地区无效',
    })
    // The tickets plugin answers `/fields/<key>…` with the same messages (create.ts).
    const details = result.errors.map(e => ({ in: 'body', field: `/fields/${e.field}`, code: e.code, message: e.message }))
    expect(serverErrorsByField(details, 'en-US')).toEqual({
      faultDescription: 'is required',
      contactPhone: 'is not a valid Chinese mobile or landline number',
      address: 'level 2 is not a region inside the previous one',
    })
    expect(serverErrorsByField([{ field: '/contact/phone', message: 'phone or email is required' }], 'zh-CN')).toEqual({ 'contact.phone': 'phone or email is required' })
    expect(serverErrorsByField(undefined, 'zh-CN')).toEqual({})
  })

  it('staged photos validate as attachment ids, then leave the field values to travel as files', async () => {
    const staged = new StagedFiles()
    const originalCreate = URL.createObjectURL
    URL.createObjectURL = () => 'blob:test'
    try {
      const field = schema.fields[2]
      const a = await staged.stage(new File(['a'], 'a.png', { type: 'image/png' }), field)
      const b = await staged.stage(new File(['b'], 'b.png', { type: 'image/png' }), field)
      expect(validateValues(schema, { photos: [a.id, b.id] }).ok).toBe(true)
      const kept = '0f8fad5b-d9cb-469f-a165-70867728950e'
      const { fields, files } = staged.split({ photos: [a.id, kept], amount: 100 })
      expect(fields).toEqual({ photos: [kept], amount: 100 })
      expect(files.map(f => [f.field, f.file.name])).toEqual([['photos', 'a.png']])
      expect(staged.split({ photos: [b.id] }).fields).toEqual({})
    }
    finally { URL.createObjectURL = originalCreate }
  })
})
