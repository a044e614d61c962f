import { create } from 'zustand'

/** Designer UI state shared by the toolbar, the side panel and the drawers. */
interface UiState {
  tab: 'properties' | 'problems'
  versionsOpen: boolean
}

export const useDesignerUi = create<UiState>(() => ({ tab: 'properties', versionsOpen: false }))
