// Shapes of the server's JSON API (see apps/server). Keep in sync with the routes.

export type Role = 'admin' | 'supervisor' | 'agent' | 'customer'

export interface User {
  id: string
  username: string
  displayName: string
  role: Role
}

export interface Tenant {
  id: string
  slug: string
  name: string
}

export interface LoginRequest {
  tenant: string
  username: string
  password: string
}

export interface LoginResponse {
  token: string
  user: User
  tenant: Tenant
}

export interface MeResponse {
  user: User
  tenant: Tenant
}

export interface HealthResponse {
  status: 'ok' | string
  db: unknown
  plugins: unknown
}

/** Error body returned by every failing API route. */
export interface ErrorBody {
  error: string
  message: string
  details?: unknown
}
