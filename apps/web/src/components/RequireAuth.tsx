import type { ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router-dom'
import { isLoggedIn, useAuthStore } from '../stores/auth'

/** Renders its children only with a session; otherwise sends the user to /login. */
export default function RequireAuth({ children }: { children: ReactNode }) {
  const loggedIn = useAuthStore(isLoggedIn)
  const location = useLocation()
  if (!loggedIn) {
    const from = location.pathname + location.search
    return <Navigate to="/login" replace state={{ from }} />
  }
  return children
}
