import { useCallback, useEffect, useState } from 'react'
import { templatesApi, type OrgRegion, type TemplateInfo, type TemplateVersion } from '../api'
import type { TemplateSchema } from '@scrm/forms'

export interface TemplateData {
  status: 'loading' | 'ready' | 'error'
  error?: unknown
  info?: TemplateInfo
  schema?: TemplateSchema | null
  versions: TemplateVersion[]
  regions: OrgRegion[]
  reload: () => Promise<void>
}

/** The template, its published versions and the tenant's regions, loaded together. */
export function useTemplateData(id: string): TemplateData {
  const [state, setState] = useState<Omit<TemplateData, 'reload'>>({ status: 'loading', versions: [], regions: [] })
  const reload = useCallback(async () => {
    try {
      const [tpl, versions, regions] = await Promise.all([templatesApi.get(id), templatesApi.versions(id), templatesApi.regions()])
      const { schema, ...info } = tpl
      setState({ status: 'ready', info, schema, versions, regions })
    }
    catch (error) {
      setState(s => ({ ...s, status: 'error', error }))
    }
  }, [id])
  useEffect(() => { void reload() }, [reload])
  return { ...state, reload }
}
