import type { I18nText, TemplateSchema } from '@scrm/forms'
import { api } from '../../api/client'

// Shapes of plugins/tickets' template and ticket-type routes (see its README).

export interface TemplateInfo {
  id: string
  key: string
  name: I18nText
  currentVersion: number
  archived: boolean
  createdAt: string
  updatedAt: string
}

export interface TemplateWithSchema extends TemplateInfo {
  schema: TemplateSchema | null
}

export interface TemplateVersion {
  id: string
  templateId: string
  version: number
  schema: TemplateSchema
  note: string | null
  createdBy: string | null
  createdAt: string
}

export interface TicketType {
  id: string
  key: string
  name: I18nText
  flowKey: string | null
  templateId: string | null
  defaultPriority: string
  active: boolean
}

export interface OrgRegion {
  id: string
  code: string
  name: string
  level: string
  parentId: string | null
}

export const templatesApi = {
  list: () => api.get<TemplateInfo[]>('/ticket-templates'),
  get: (id: string) => api.get<TemplateWithSchema>(`/ticket-templates/${id}`),
  create: (body: { key: string, name: I18nText }) => api.post<TemplateWithSchema>('/ticket-templates', body),
  versions: (id: string) => api.get<TemplateVersion[]>(`/ticket-templates/${id}/versions`),
  publish: (id: string, body: { schema: TemplateSchema, note?: string, expectedVersion?: number }) =>
    api.post<TemplateVersion>(`/ticket-templates/${id}/versions`, body),
  types: () => api.get<TicketType[]>('/ticket-types'),
  createType: (body: { key: string, name: I18nText, templateId?: string | null }) => api.post<TicketType>('/ticket-types', body),
  patchType: (id: string, body: Partial<Pick<TicketType, 'name' | 'templateId' | 'flowKey' | 'active'>>) => api.patch<TicketType>(`/ticket-types/${id}`, body),
  /** Regions come from plugins/org; without it (disabled) the variant picker stays empty. */
  regions: () => api.get<OrgRegion[]>('/org/regions').catch(() => [] as OrgRegion[]),
}
