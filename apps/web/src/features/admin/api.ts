import { api } from '../../api/client'
import type { Role } from '../../api/types'
import type { PluginInfo } from '../../stores/plugins'

// Shapes of apps/server's /users and /plugins and plugins/org's /org routes.

export interface AdminUser {
  id: string
  username: string
  displayName: string
  email: string | null
  phone: string | null
  role: Role
  active: boolean
  locale: 'zh-CN' | 'en-US'
}

export interface NewUser {
  username: string
  displayName: string
  password: string
  role: Role
  email?: string | null
  phone?: string | null
  locale?: 'zh-CN' | 'en-US'
}

export interface Skill { skill: string, level: number }

/** A staff member's routing profile (plugins/org): teams by key, skills with levels. */
export interface OrgProfile {
  userId: string
  name: string
  role: string
  active: boolean
  supervisorId: string | null
  capacity: number
  teams: string[]
  skills: Skill[]
}

/** A plugin this tenant installed at run time (apps/server's /plugins/installed). */
export interface InstalledPlugin { name: string, packageName: string, version: string }

type Text = string | { 'zh-CN'?: string, 'en-US'?: string }

/** An industry template of plugins/industry's catalogue, and whether this tenant installed it. */
export interface IndustryTemplate {
  id: string
  industry: string
  name: Text
  description: Text | null
  plugin: string
  enabled: boolean
  installed: boolean
  installedAt: string | null
  ships: { ticketTypes: Array<{ key: string, name: Text }>, flows: string[], slaPolicies: number, settlementRules: number } | null
}

export interface Team { id: string, key: string, name: string, departmentId: string | null, regionId: string | null, supervisorId: string | null }
export interface Department { id: string, key: string, name: string, parentId: string | null, managerId: string | null }

export const adminApi = {
  users: () => api.get<AdminUser[]>('/users'),
  createUser: (body: NewUser) => api.post<AdminUser>('/users', body),
  patchUser: (id: string, body: Partial<Omit<AdminUser, 'id' | 'username'> & { password: string }>) => api.patch<AdminUser>(`/users/${id}`, body),
  profiles: () => api.get<OrgProfile[]>('/org/users'),
  patchProfile: (id: string, body: { teams?: string[], skills?: Skill[], supervisorId?: string | null, capacity?: number }) => api.patch<OrgProfile>(`/org/users/${id}`, body),
  teams: () => api.get<Team[]>('/org/teams'),
  createTeam: (body: { key: string, name: string, departmentId?: string | null, supervisorId?: string | null }) => api.post<Team>('/org/teams', body),
  deleteTeam: (id: string) => api.delete<void>(`/org/teams/${id}`),
  departments: () => api.get<Department[]>('/org/departments'),
  createDepartment: (body: { key: string, name: string, parentId?: string | null, managerId?: string | null }) => api.post<Department>('/org/departments', body),
  deleteDepartment: (id: string) => api.delete<void>(`/org/departments/${id}`),
  /** Regions whose template variants a region manager (supervisor) may publish (plugins/tickets). */
  managedRegions: (userId: string) => api.get<{ userId: string, regions: string[] }>(`/ticket-regions/${userId}`),
  setManagedRegions: (userId: string, regions: string[]) => api.put<{ userId: string, regions: string[] }>(`/ticket-regions/${userId}`, { regions }),
  regions: () => api.get<Array<{ id: string, code: string, name: string }>>('/org/regions'),
  plugins: () => api.get<PluginInfo[]>('/plugins'),
  setPlugin: (name: string, enabled: boolean) => api.put<PluginInfo>(`/plugins/${encodeURIComponent(name)}`, { enabled }),
  installedPlugins: () => api.get<InstalledPlugin[]>('/plugins/installed'),
  installPlugin: (file: File) => {
    const form = new FormData()
    form.append('file', file)
    return api.post<InstalledPlugin>('/plugins/install', form)
  },
  industryTemplates: () => api.get<IndustryTemplate[]>('/industry-templates'),
  installIndustry: (id: string, demo: boolean) => api.post<unknown>(`/industry-templates/${encodeURIComponent(id)}/install`, { demo }),
  uninstallIndustry: (id: string, force: boolean) => api.delete<unknown>(`/industry-templates/${encodeURIComponent(id)}`, { query: force ? { force: true } : undefined }),
  uninstallPlugin: (name: string) => api.delete<void>(`/plugins/${encodeURIComponent(name)}`),
}
