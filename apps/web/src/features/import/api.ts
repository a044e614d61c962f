import type { I18nText } from '@scrm/forms'
import { api } from '../../api/client'

export type JobStatus = 'uploaded' | 'queued' | 'running' | 'done' | 'cancelled' | 'failed'

export interface RowError {
  row: number
  column: string | null
  field: string
  reason: I18nText
}

export interface ImportJob {
  id: string
  typeKey: string
  filename: string
  format: string
  size: number
  columns: string[]
  status: JobStatus
  total: number
  done: number
  created: number
  duplicates: number
  failed: number
  errors: RowError[]
  error: string | null
  createdAt: string
  finishedAt: string | null
}

/** Column header → target (`title`, `customer.phone`, `fields.<key>`); null = not imported. */
export type Mapping = Record<string, string | null>

export interface Target {
  target: string
  label: I18nText
  required: boolean
}

export interface Uploaded {
  job: ImportJob
  encoding: string | null
  mapping: Mapping
  targets: Target[]
  preview: Array<{ number: number, cells: string[] }>
}

export interface DryRun {
  total: number
  valid: number
  failed: number
  duplicates: number
  errors: RowError[]
}

export interface TypeOption {
  key: string
  name: I18nText
  active: boolean
}

export const importApi = {
  types: () => api.get<TypeOption[]>('/ticket-types'),
  upload: (file: File, typeKey: string) =>
    api.post<Uploaded>('/imports', file, { query: { typeKey, filename: file.name } }),
  dryRun: (id: string, mapping: Mapping) => api.post<DryRun>(`/imports/${id}/dry-run`, { mapping }),
  run: (id: string, mapping: Mapping) => api.post<ImportJob>(`/imports/${id}/run`, { mapping }),
  cancel: (id: string) => api.post<ImportJob>(`/imports/${id}/cancel`),
  get: (id: string) => api.get<ImportJob>(`/imports/${id}`),
  history: () => api.get<{ items: ImportJob[] }>('/imports'),
}
