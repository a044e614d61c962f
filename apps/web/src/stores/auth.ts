import { create } from 'zustand'
import type { Tenant, User } from '../api/types'

const STORAGE_KEY = 'scrm.auth'
/** Remembers the last tenant used on this browser to prefill the login form. */
const TENANT_KEY = 'scrm.lastTenant'

export type LogoutReason = 'user' | 'expired'

interface Session {
  token: string
  user: User
  tenant: Tenant
}

interface AuthState {
  token: string | null
  user: User | null
  tenant: Tenant | null
  /**
   * Why the last session ended: 'user' (signed out; log in again to the home page) or
   * 'expired' (the server rejected the token; the login page says so and returns the
   * user to where they were). null before any logout in this page load.
   */
  logoutReason: LogoutReason | null
  setSession: (session: Session) => void
  /** Refresh user/tenant (e.g. after GET /api/auth/me) keeping the token. */
  setProfile: (user: User, tenant: Tenant) => void
  logout: (reason: LogoutReason) => void
}

function load(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY)
    if (!raw) return null
    const s = JSON.parse(raw) as Partial<Session>
    return typeof s.token === 'string' && s.user && s.tenant ? (s as Session) : null
  }
  catch { return null }
}

function save(session: Session | null) {
  try {
    if (session) {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(session))
      localStorage.setItem(TENANT_KEY, session.tenant.slug)
    }
    else {
      localStorage.removeItem(STORAGE_KEY)
    }
  }
  catch { /* storage unavailable */ }
}

export function lastTenant(): string {
  try { return localStorage.getItem(TENANT_KEY) ?? '' }
  catch { return '' }
}

const initial = load()

export const useAuthStore = create<AuthState>((set, get) => ({
  token: initial?.token ?? null,
  user: initial?.user ?? null,
  tenant: initial?.tenant ?? null,
  logoutReason: null,
  setSession: (session) => {
    save(session)
    set({ ...session, logoutReason: null })
  },
  setProfile: (user, tenant) => {
    const { token } = get()
    if (!token) return
    save({ token, user, tenant })
    set({ user, tenant })
  },
  logout: (reason) => {
    save(null)
    set({ token: null, user: null, tenant: null, logoutReason: reason })
  },
}))

export const isLoggedIn = (s: AuthState) => s.token !== null
