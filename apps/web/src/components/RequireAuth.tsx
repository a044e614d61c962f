import type { ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router-dom'
import { isLoggedIn, useAuthStore } from '../stores/auth'

/** Renders its children only with a session; otherwise sends the user to /login. */
export default function RequireAuth({ children }: { children: ReactNode }) {
  const loggedIn = useAuthStore(isLoggedIn)
  const logoutReason = useAuthStore(s => s.logoutReason)
  const location = useLocation()
  if (!loggedIn) {
    // After an explicit sign-out the next login starts at home; otherwise come back here.
    const from = logoutReason === 'user' ? undefined : location.pathname + location.search
    return <Navigate to="/login" replace state={from ? { from } : null} />
  }
  return children
}
