// The workbench's view of the tickets, customers, core (tasks), routing, SLA and org APIs.
import type { FieldDef, FieldState } from '@scrm/forms'
import { api } from '../../api/client'

export type I18nText = Record<string, string>
export const QUEUES = ['mine', 'team', 'unassigned', 'at_risk', 'breached'] as const
export type Queue = typeof QUEUES[number]
export type QueueCounts = Record<Queue, number>

export interface Ticket {
  id: string
  number: string
  title: string
  description: string
  typeKey: string | null
  region: string | null
  fields: Record<string, unknown>
  status: string
  statusCategory: string
  priority: string
  assigneeId: string | null
  team: string | null
  channel: string
  customerId: string | null
  flowInstanceId: string | null
  version: number
  slaState: string | null
  createdAt: string
  updatedAt: string
}

export interface TicketView extends Ticket {
  template: { id: string, version: number, form: { fields: FieldDef[] }, state: Record<string, FieldState> } | null
}

export interface TimelineEvent { id: string, kind: string, actor: { kind: string, id: string | null }, data: Record<string, any>, public: boolean, at: string }
export interface Comment { id: string, visibility: 'internal' | 'public', author: { kind: string, id: string | null, name: string | null }, body: string, createdAt: string }
export interface Task { id: string, instanceId: string, nodeId: string, kind: string, title: string | null, assigneeId: string | null, status: string, version: number }
export interface Status { key: string, name: I18nText, category: string, position: number }
export interface TicketType { key: string, name: I18nText, active: boolean }
export interface StaffUser { userId: string, name: string, role: string, active: boolean, teams: string[] }
export interface Attachment { id: string, filename: string, size: number }
export interface Assignment { id: string, kind: string, outcome: string, reason: string | null, ruleName: string | null, strategy: string | null, assigneeId: string | null, team: string | null, decision: { candidates?: Array<{ userId: string, name: string, score: number }> }, createdAt: string }
export interface SlaInfo { state: string | null, events: Array<{ event: string, target: string, level: number | null, at: string | null }> }
export interface CustomerCard {
  customer: { id: string, name: string, tier: string | null }
  identities: Array<{ id: string, kind: string, display: string }>
  opportunities: Array<{ id: string, title: string, stage: string, amountFen: number }>
}
export interface Stage { key: string, label: I18nText, closed: boolean }

export interface TicketFilter {
  queue: Queue
  status?: string[]
  priority?: string[]
  type?: string[]
  channel?: string[]
  createdFrom?: string
  createdTo?: string
  q?: string
  limit: number
  offset: number
}

/** `a=1&a=2`: the server reads repeated parameters as a list. */
export function queryString(params: Record<string, string | number | string[] | undefined>): string {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) v.forEach(x => qs.append(k, x))
    else if (v !== undefined && v !== '') qs.append(k, String(v))
  }
  const s = qs.toString()
  return s ? `?${s}` : ''
}

export const workbenchApi = {
  /** The caller's teams; someone without an org profile has none. */
  myTeams: (userId: string) => api.get<StaffUser>(`/org/users/${userId}`).then(p => p.teams, () => [] as string[]),
  staff: () => api.get<StaffUser[]>('/org/users'),
  queues: (teams: string[]) => api.get<QueueCounts>(`/tickets/queues${queryString({ teams })}`),
  list: (f: TicketFilter, teams: string[]) => api.get<{ items: Ticket[] }>(`/tickets${queryString({ ...f, teams: f.queue === 'team' ? teams : undefined })}`),
  statuses: () => api.get<Status[]>('/ticket-statuses'),
  types: () => api.get<TicketType[]>('/ticket-types'),
  ticket: (id: string) => api.get<TicketView>(`/tickets/${id}`),
  timeline: (id: string) => api.get<{ events: TimelineEvent[], comments: Comment[] }>(`/tickets/${id}/timeline`),
  attachments: (id: string) => api.get<Attachment[]>(`/tickets/${id}/attachments`),
  comment: (id: string, body: string, visibility: 'internal' | 'public') => api.post(`/tickets/${id}/comments`, { body, visibility }),
  assign: (id: string, assigneeId: string, reason: string | undefined, expectedVersion: number) => api.post<Ticket>(`/tickets/${id}/assign`, { assigneeId, reason, expectedVersion }),
  setStatus: (id: string, status: string, expectedVersion: number) => api.post<Ticket>(`/tickets/${id}/status`, { status, expectedVersion }),
  assignments: (id: string) => api.get<Assignment[]>(`/routing/tickets/${id}/assignments`).catch(() => [] as Assignment[]),
  sla: (id: string) => api.get<SlaInfo>(`/tickets/${id}/sla`).catch(() => null),
  openTasks: (instanceId: string) => api.get<Task[]>(`/tasks${queryString({ instanceId, status: 'open' })}`),
  taskFields: async (task: Task, flowKey: string, flowVersion: number): Promise<string[]> => {
    const flow = (await api.get<{ items: Array<{ id: string, key: string }> }>('/flows', { query: { key: flowKey } })).items[0]
    if (!flow) return []
    const v = await api.get<{ ir: { nodes: Array<{ id: string, config?: { fields?: string[] } }> } }>(`/flows/${flow.id}/versions/${flowVersion}`)
    return v.ir.nodes.find(n => n.id === task.nodeId)?.config?.fields ?? []
  },
  instance: (id: string) => api.get<{ flowKey: string, flowVersion: number, tasks: Task[] }>(`/instances/${id}`),
  completeTask: (task: Task, form: Record<string, unknown>, comment?: string) => api.post(`/tasks/${task.id}/complete`, { form, comment, expectedVersion: task.version }),
  decide: (task: Task, decision: 'approve' | 'reject', comment?: string) => api.post(`/tasks/${task.id}/${decision}`, { comment, expectedVersion: task.version }),
  customer: (id: string) => api.get<CustomerCard>(`/customers/${id}`),
  customerTickets: (customerId: string) => api.get<{ items: Ticket[] }>(`/tickets${queryString({ customer: customerId, limit: 20 })}`),
  stages: () => api.get<Stage[]>('/opportunities/stages'),
}
