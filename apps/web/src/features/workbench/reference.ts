import { useEffect } from 'react'
import { create } from 'zustand'
import { useAuthStore } from '../../stores/auth'
import { type Status, type StaffUser, type TicketType, workbenchApi } from './api'

/** What every workbench screen needs once per session: my teams, statuses, types and staff names. */
interface Reference {
  userId: string | null
  teams: string[]
  statuses: Status[]
  types: TicketType[]
  staff: StaffUser[]
  loaded: boolean
  load: (userId: string) => Promise<void>
}

export const useReference = create<Reference>((set, get) => ({
  userId: null,
  teams: [],
  statuses: [],
  types: [],
  staff: [],
  loaded: false,
  load: async (userId) => {
    if (get().userId === userId && get().loaded) return
    set({ userId })
    const [teams, statuses, types, staff] = await Promise.all([
      workbenchApi.myTeams(userId),
      workbenchApi.statuses(),
      workbenchApi.types(),
      workbenchApi.staff().catch(() => [] as StaffUser[]),
    ])
    set({ teams, statuses, types, staff, loaded: true })
  },
}))

/** Loads the reference data for the signed-in user (once) and returns it. */
export function useWorkbenchReference(): Reference {
  const userId = useAuthStore(s => s.user?.id)
  const ref = useReference()
  useEffect(() => {
    if (userId) void ref.load(userId).catch(() => { /* screens show their own load errors */ })
  }, [userId]) // eslint-disable-line react-hooks/exhaustive-deps
  return ref
}

/** A staff member's display name from the org list, or a short id for someone not in it. */
export function staffName(staff: StaffUser[], id: string | null | undefined): string {
  if (!id) return ''
  return staff.find(s => s.userId === id)?.name ?? id.slice(0, 8)
}
