import type { EdgeOn, FlowEdge, FlowIR, FlowNode } from '@scrm/flow'
import type { NodeTypeDef } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'

/** Row shapes (snake_case as stored). */
export type InstanceStatus = 'running' | 'completed' | 'failed' | 'cancelled'
export type TokenStatus = 'active' | 'waiting' | 'completed' | 'cancelled' | 'merged'
export type TaskStatus = 'open' | 'completed' | 'cancelled'

export interface InstanceRow {
  tenant_id: string
  id: string
  flow_version_id: string
  flow_key: string
  flow_version: number
  ticket_id: string | null
  parent_instance_id: string | null
  parent_token_id: string | null
  status: InstanceStatus
  vars: Record<string, unknown>
  error: { code: string, message: string, nodeId?: string } | null
  started_by: string | null
  seq: number
  lock_version: number
  ended_at: Date | null
  created_at?: Date
  updated_at?: Date
}

export interface TokenRow {
  id: string
  instance_id: string
  node_id: string
  status: TokenStatus
  arrived_via: string | null
  parent_token_id: string | null
  step: number
  waiting_for: string | null
  state: Record<string, unknown>
}

export interface TaskRow {
  tenant_id: string
  id: string
  instance_id: string
  token_id: string
  node_id: string
  kind: string
  title: string | null
  assignee_id: string | null
  candidate_users: string[]
  candidate_role: string | null
  status: TaskStatus
  outcome: string | null
  form: Record<string, unknown> | null
  comment: string | null
  level: number | null
  mode: string | null
  sla_status: string | null
  due_at: Date | null
  completed_by: string | null
  completed_at: Date | null
  version: number
  created_at?: Date
  updated_at?: Date
}

export interface TimerRow {
  tenant_id: string
  id: string
  /** Null for plugin-owned timer kinds (plugin-timers.ts). */
  instance_id: string | null
  token_id: string | null
  node_id: string | null
  kind: string
  due_at: Date
  payload: Record<string, unknown>
}

/** Who acts: a user through the API, or the system (timers, events from channels). */
export interface Actor {
  userId?: string
  role?: string
  /** Free text for the timeline when no user acts ('timer', 'system', a channel). */
  name?: string
}

/** Ticket data the conditions and scripts see. */
export interface FlowData {
  ticket: Record<string, unknown>
  customer: Record<string, unknown>
  form: Record<string, unknown>
  vars: Record<string, unknown>
}

/** What a resumed node hears. */
export type ResumeEvent =
  | { kind: 'task', task: TaskRow, outcome?: string, form?: Record<string, unknown>, comment?: string, actor: Actor }
  | { kind: 'timer', timer: TimerRow }
  | { kind: 'event', name: string, payload: unknown, actor: Actor }
  | { kind: 'subflow', child: { id: string, status: InstanceStatus, vars: Record<string, unknown>, error: InstanceRow['error'] } }

/**
 * What happens after a node ran (NocoBase-style: node types decide, the engine persists).
 * - `next`: leave by these edge ids (several = fork), `'all'` = every normal edge, omitted = the
 *   normal ('next') edges.
 * - `wait`: park the token until `resume`.
 * - `end`: the token ends (the instance completes when no token is left).
 * - `fail`: an incident; the token leaves by its 'error' edge, or the instance fails.
 * - `spawn` (boundary nodes): new tokens leave the boundary by these edges; `interrupt` also
 *   cancels the token of the task the boundary watches.
 * - `merge` (joins): these waiting tokens are consumed, then the current token continues.
 */
export type NodeResult =
  | { next?: string[] | 'all', merge?: string[] }
  | { wait: true }
  | { end: true, status?: string }
  | { fail: { code: string, message: string, details?: Record<string, unknown> } }
  | { spawn: string[], interrupt?: boolean }

export interface NewTask {
  kind: string
  title?: string
  assigneeId?: string | null
  candidateUsers?: string[]
  candidateRole?: string | null
  level?: number
  mode?: string
  dueAt?: Date | null
}

export interface NewTimer {
  kind: string
  dueAt: Date
  payload?: Record<string, unknown>
  /** Defaults to the current node; boundaries set their own id. */
  nodeId?: string
}

/** A sandbox for script nodes (`@scrm/sandbox`'s createSandbox() fits). */
export interface ScriptRunner {
  run: (source: string, input: Record<string, unknown>, limits?: { timeoutMs?: number, memoryMb?: number }) =>
  Promise<{ ok: true, value: unknown } | { ok: false, error: { code: string, message: string } }>
  check?: (source: string) => Promise<string | undefined>
}

/** Everything a node type may read or ask for while it runs. Writes are queued and committed with the step. */
export interface NodeContext<C = any> {
  readonly tenantId: string
  readonly flow: FlowIR
  readonly node: FlowNode<C>
  readonly config: C
  readonly instance: Readonly<Pick<InstanceRow, 'id' | 'ticket_id' | 'started_by' | 'parent_instance_id' | 'flow_key' | 'flow_version'>>
  readonly token: Readonly<TokenRow>
  readonly now: Date
  /**
   * The tenant's data inside the step's transaction, for plugin node types that read or write
   * their own tables. Never use another connection from a node: on PGlite it would deadlock.
   */
  readonly scope: TenantScope
  /** Outgoing edges of this node, optionally only those with this `on`. */
  edges: (on?: EdgeOn) => FlowEdge[]
  incoming: () => FlowEdge[]
  /** `{ ticket, customer, form, vars }` from the data provider. */
  data: () => Promise<FlowData>
  /** Evaluates JSON Logic over `data()`. */
  evaluate: (logic: unknown) => Promise<unknown>
  /** Writes `vars.x` into the instance or `ticket.x` through the data provider. */
  assign: (path: string, value: unknown) => Promise<void>
  /** Node-private bookkeeping carried by the token. */
  setState: (state: Record<string, unknown>) => void
  createTask: (task: NewTask) => Promise<TaskRow>
  /** Open tasks of this token (optionally at one level). */
  openTasks: () => TaskRow[] | Promise<TaskRow[]>
  cancelTasks: (ids: string[]) => Promise<void>
  schedule: (timer: NewTimer) => void
  /** Park this token until `POST /instances/:id/events` with this name. */
  waitFor: (eventName: string) => void
  /** A side effect through the outbox: delivered at least once, with a key stable for this step. */
  enqueue: (kind: string, payload: Record<string, unknown>) => string
  /** Starts a published flow as a child of this token; the token waits for it. */
  startSubflow: (flowKey: string, vars: Record<string, unknown>) => Promise<string>
  /** Tokens of this instance parked at this node (joins). */
  waitingHere: () => TokenRow[]
  addBusinessTime: (calendarId: string | undefined, from: Date, ms: number) => Promise<Date>
  script: () => ScriptRunner | undefined
  /** An extra timeline entry of this step. */
  record: (event: string, data?: Record<string, unknown>) => void
  /** Resolves an assignment rule to a user/candidates/role (strategies, `initiator`, `expr`). */
  resolveAssignee: (rule: Record<string, unknown> | undefined) => Promise<Pick<NewTask, 'assigneeId' | 'candidateUsers' | 'candidateRole'>>
}

/** The kernel's node type contract with the runtime's context (register through `nodeTypes`). */
export interface RuntimeNodeType<C = any> extends NodeTypeDef<NodeContext<C>, ResumeEvent> {
  run: (ctx: NodeContext<C>) => NodeResult | Promise<NodeResult>
  resume?: (ctx: NodeContext<C>, event: ResumeEvent) => NodeResult | Promise<NodeResult>
  /**
   * Boundary types (slaBoundary) are not entered by edges: they are armed (`run`) when a token
   * enters the node named by their `config.attachedTo`, and disarmed when it leaves.
   */
  boundary?: boolean
  /** A token rests here until something outside happens (validate's endless-cycle check). */
  waiting?: boolean
}
