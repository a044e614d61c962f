import { api } from './client'
import type { HealthResponse, LoginRequest, LoginResponse, MeResponse } from './types'

export const authApi = {
  login: (body: LoginRequest) => api.post<LoginResponse>('/auth/login', body, { anonymous: true }),
  me: () => api.get<MeResponse>('/auth/me'),
}

export const systemApi = {
  health: () => api.get<HealthResponse>('/health', { anonymous: true }),
}
