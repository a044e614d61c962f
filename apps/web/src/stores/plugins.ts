import { create } from 'zustand'
import { api } from '../api/client'
import type { I18nText } from '@scrm/forms'

/** A plugin as GET /api/plugins describes it for the caller's tenant. */
export interface PluginInfo {
  name: string
  version: string
  label?: I18nText
  description?: I18nText
  dependsOn: string[]
  required: boolean
  enabled: boolean
  contributions: Record<string, number>
}

interface PluginsState {
  /** null until loaded (screens stay visible meanwhile rather than flicker away). */
  plugins: PluginInfo[] | null
  load: () => Promise<void>
  /** Record a plugin the admin just switched, so menus follow without a reload. */
  update: (plugin: PluginInfo) => void
  reset: () => void
}

/** Which plugins this tenant has on: menus and routes of a disabled plugin's screens disappear. */
export const usePluginsStore = create<PluginsState>(set => ({
  plugins: null,
  load: async () => {
    const plugins = await api.get<PluginInfo[]>('/plugins')
    set({ plugins })
  },
  update: plugin => set(s => ({ plugins: s.plugins?.map(p => (p.name === plugin.name ? plugin : p)) ?? [plugin] })),
  reset: () => set({ plugins: null }),
}))

/** Whether a plugin is on for this tenant; unknown (not loaded yet) counts as on. */
export function pluginEnabled(plugins: PluginInfo[] | null, name: string | undefined): boolean {
  if (!name || !plugins) return true
  return plugins.find(p => p.name === name)?.enabled ?? false
}
