import type { TemplateSchema } from '@scrm/forms'

/**
 * Drafts live in this browser only: the server keeps published, immutable versions and nothing
 * half-made (see docs/decisions on template drafts). A draft remembers the version it started from,
 * so one made before someone else published is not silently applied on top of their version.
 */
export interface TemplateDraft {
  schema: TemplateSchema
  basedOn: number
  savedAt: string
}

const keyOf = (tenantId: string, templateId: string) => `scrm.templateDraft.${tenantId}.${templateId}`

export function loadDraft(tenantId: string, templateId: string): TemplateDraft | null {
  try {
    const raw = localStorage.getItem(keyOf(tenantId, templateId))
    const d = raw ? JSON.parse(raw) as Partial<TemplateDraft> : null
    return d && d.schema && Array.isArray(d.schema.fields) && typeof d.basedOn === 'number' ? d as TemplateDraft : null
  }
  catch { return null }
}

export function saveDraft(tenantId: string, templateId: string, draft: TemplateDraft): boolean {
  try { localStorage.setItem(keyOf(tenantId, templateId), JSON.stringify(draft)); return true }
  catch { return false }
}

export function clearDraft(tenantId: string, templateId: string): void {
  try { localStorage.removeItem(keyOf(tenantId, templateId)) }
  catch { /* storage unavailable */ }
}
