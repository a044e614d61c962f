import type { FieldDef } from '@scrm/forms'

/** A v4 UUID also where `crypto.randomUUID` is missing (plain-http LAN addresses are no secure context). */
function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map(x => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/**
 * Photos picked in the portal stay in the browser until the form is sent: the public endpoint
 * takes them as multipart parts of the submission, so nothing is stored for a form never sent.
 * Each gets a placeholder id so the form validates attachment counts like the server will.
 */
export class StagedFiles {
  private files = new Map<string, { field: string, file: File }>()

  stage = async (file: File, field: FieldDef) => {
    const id = uuid()
    this.files.set(id, { field: field.key, file })
    return { id, url: URL.createObjectURL(file) }
  }

  /** The field values without placeholder ids, and the files to send for the ids still in use. */
  split(values: Record<string, unknown>): { fields: Record<string, unknown>, files: Array<{ field: string, file: File }> } {
    const fields: Record<string, unknown> = {}
    const files: Array<{ field: string, file: File }> = []
    for (const [key, value] of Object.entries(values)) {
      if (!Array.isArray(value)) { fields[key] = value; continue }
      const kept = value.filter((v) => {
        const staged = typeof v === 'string' ? this.files.get(v) : undefined
        if (staged) files.push(staged)
        return !staged
      })
      if (kept.length) fields[key] = kept
    }
    return { fields, files }
  }
}
