import type { FormInstance } from 'antd'
import { ApiError } from './client'

/**
 * Puts a 400/409's `details[].field` (`/key`, `/name/zh-CN`) under the form item it names; returns
 * false when the error names none of the form's fields, so the caller shows it as a message instead.
 */
export function showServerFieldErrors(form: FormInstance, e: unknown, fieldOf: Record<string, string>): boolean {
  if (!(e instanceof ApiError)) return false
  const details = Array.isArray(e.details) ? e.details as Array<{ field?: string, message?: string }> : []
  const named = details.map(d => ({ name: d.field ? fieldOf[d.field] ?? fieldOf[d.field.split('/').slice(0, 2).join('/')] : undefined, message: d.message ?? e.message }))
    .filter((d): d is { name: string, message: string } => !!d.name)
  // A conflict on the key says so in the message only.
  if (!named.length && e.status === 409 && fieldOf['/key']) named.push({ name: fieldOf['/key'], message: e.message })
  if (!named.length) return false
  form.setFields(named.map(d => ({ name: d.name, errors: [d.message] })))
  return true
}
