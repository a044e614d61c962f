import type { Diagnostic, FlowDiff } from '@scrm/flow'
import { api } from '../../api/client'
import type { AssignmentStrategyInfo, FlowPage, FlowRecord, FlowVersion, NodeTypeInfo } from './types'

interface Contribution<T> { plugin: string, item: T }

/** The designer's calls to plugins/core (flows) and the platform (extensions, plugins). */
export const flowsApi = {
  list: (query: { q?: string, key?: string, limit?: number, offset?: number } = {}) => api.get<FlowPage>('/flows', { query }),
  get: (id: string) => api.get<FlowRecord>(`/flows/${id}`),
  create: (body: { key: string, name: string, description?: string | null, graph?: object }) =>
    api.post<FlowRecord>('/flows', body),
  save: (id: string, body: { name?: string, graph?: object, expectedVersion?: number }) =>
    api.patch<FlowRecord>(`/flows/${id}`, body),
  remove: (id: string) => api.delete<void>(`/flows/${id}`),
  validate: (id: string) => api.post<{ ok: boolean, diagnostics: Diagnostic[] }>(`/flows/${id}/validate`, {}),
  publish: (id: string, expectedVersion?: number) =>
    api.post<FlowVersion & { diagnostics: Diagnostic[] }>(`/flows/${id}/publish`, { expectedVersion }),
  versions: (id: string) => api.get<FlowVersion[]>(`/flows/${id}/versions`),
  version: (id: string, version: number) => api.get<FlowVersion>(`/flows/${id}/versions/${version}`),
  diff: (id: string, from: number, to: number) =>
    api.get<FlowDiff & { from: number, to: number }>(`/flows/${id}/diff`, { query: { from, to } }),
}

export const extensionsApi = {
  nodeTypes: async (): Promise<NodeTypeInfo[]> =>
    (await api.get<Array<Contribution<Omit<NodeTypeInfo, 'plugin'>>>>('/extensions/nodeTypes'))
      .map(c => ({ ...c.item, plugin: c.plugin })),
  strategies: async (): Promise<AssignmentStrategyInfo[]> =>
    (await api.get<Array<Contribution<AssignmentStrategyInfo>>>('/extensions/assignmentStrategies')).map(c => c.item),
  plugins: () => api.get<Array<{ name: string, enabled: boolean }>>('/plugins'),
  teams: () => api.get<Array<{ key: string, name: string }>>('/org/teams'),
}
