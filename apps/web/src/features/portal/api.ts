import type { FormState, I18nText, ResolvedForm } from '@scrm/forms'
import { api } from '../../api/client'

export interface PortalForm {
  tenant: { slug: string, name: string }
  type: { key: string, name: I18nText }
  template: { version: number, form: ResolvedForm, state: FormState } | null
  asset: { id: string, serial: string, model: string | null, name: string | null } | null
}

export interface Submission {
  typeKey: string
  description?: string
  fields: Record<string, unknown>
  region?: string
  contact?: { name?: string, phone?: string, email?: string }
  asset?: { id: string, token: string }
}

export interface TrackingStep { category: 'new' | 'open' | 'resolved' | 'closed', name: I18nText | null, reached: boolean, at: string | null }

export interface Tracking {
  number: string
  mergedFrom: string | null
  title: string
  type: { key: string, name: I18nText } | null
  status: { key: string, name: I18nText | null, category: string }
  steps: TrackingStep[]
  comments: Array<{ body: string, from: 'customer' | 'staff', at: string }>
  events: Array<{ kind: string, at: string, data: Record<string, unknown> }>
  /** Resolution due time of the ticket's SLA, when it has one. */
  eta?: string | null
  createdAt: string
  updatedAt: string
}

const enc = encodeURIComponent

export const portalApi = {
  types: (tenant: string) => api.get<{ tenant: { slug: string, name: string }, types: Array<{ key: string, name: I18nText }> }>(`/portal/${enc(tenant)}/forms`, { anonymous: true }),
  form: (tenant: string, typeKey: string, query: { asset?: string, t?: string, region?: string }) =>
    api.get<PortalForm>(`/portal/${enc(tenant)}/forms/${enc(typeKey)}`, { query, anonymous: true }),
  /**
   * Multipart: the submission as JSON in `data`, each staged file as a part named by its
   * attachment field, so the server stores the files and puts their ids into that field.
   */
  submit: (tenant: string, body: Submission, files: Array<{ field: string, file: File }>) => {
    const form = new FormData()
    form.append('data', JSON.stringify(body))
    for (const f of files) form.append(f.field, f.file, f.file.name)
    return api.post<{ number: string, trackingUrl: string, trackingToken: string }>(`/portal/${enc(tenant)}/tickets`, form, { anonymous: true })
  },
  track: (token: string) => api.get<Tracking>(`/portal/track/${enc(token)}`, { anonymous: true }),
  reply: (token: string, body: string) => api.post<{ id: string }>(`/portal/track/${enc(token)}/comments`, { body }, { anonymous: true }),
}
