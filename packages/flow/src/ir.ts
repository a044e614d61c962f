/**
 * The flow IR: what the designer compiles to, what gets published (immutably) and what the
 * runtime executes. Plain JSON: serializable, diffable, schema-checked.
 */

/** A condition as JSON data (JSON Logic), evaluated over `{ ticket, customer, form, vars }`. */
export type Condition = boolean | { [operator: string]: unknown }

/** ISO-8601 duration (`PT2H`, `P1D`, `PT30M`). */
export type IsoDuration = string

export interface FlowIR {
  key: string
  version: number
  name?: string
  nodes: FlowNode[]
  edges: FlowEdge[]
}

export interface FlowNode<C = Record<string, unknown>> {
  id: string
  type: string
  name?: string
  config?: C
}

/**
 * `on` says which outcome of the source node the edge follows: absent/'next' for the normal way
 * out, 'reject' from an approval, 'warning' / 'breach' from an SLA boundary, 'timeout' from a
 * waitForEvent, 'error' for an incident (a failed script).
 */
export type EdgeOn = 'next' | 'reject' | 'warning' | 'breach' | 'timeout' | 'error'

export const EDGE_ONS: EdgeOn[] = ['next', 'reject', 'warning', 'breach', 'timeout', 'error']

export interface FlowEdge {
  id: string
  from: string
  to: string
  on?: EdgeOn
  /** Only on edges leaving an exclusive gateway. */
  when?: Condition
  label?: string
}

/** An assignment rule: the routing issue extends `strategy` with plugin strategies. */
export interface AssignRule {
  /** Fixed users, a role, a team, or a strategy over a candidate pool. */
  users?: string[]
  role?: string
  team?: string
  /** `initiator` (who started), `expr` (a user id from data), or an assignmentStrategies plugin id. */
  strategy?: string
  skills?: string[]
  /** For strategy 'expr': JSON Logic yielding a user id. */
  expr?: Condition
  [key: string]: unknown
}

/**
 * An SLA carried inside a userTask/approval config (the design's appliance-repair example). A
 * separate slaBoundary node is only needed when the breach/warning should leave by its own edges.
 */
export interface TaskSla {
  target: IsoDuration
  calendar?: string
  /** `80%` of the target, or a duration before breach (`PT30M`). */
  warnAt?: string
  /** Escalation levels in order (role ids / user ids), one per breach step. */
  escalate?: string[]
}

export interface StartConfig {}
export interface EndConfig {
  /** Ticket status set when the flow ends here. */
  status?: string
}
export interface UserTaskConfig {
  title?: string
  assign: AssignRule
  /** Fields of the ticket the assignee edits at this step (others read-only). */
  fields?: string[]
  /** Outcomes the assignee may pick; stored in `vars.<nodeId>.outcome`. */
  outcomes?: string[]
  sla?: TaskSla
}
export interface ApprovalLevel {
  name?: string
  approvers: AssignRule
  /** countersign: 'any' = first approval decides, 'all' = everyone must approve. */
  mode: 'any' | 'all'
}
export interface ApprovalConfig {
  title?: string
  levels: ApprovalLevel[]
  sla?: TaskSla
}
export interface ExclusiveConfig {
  /** Edge id taken when no condition matches. */
  default?: string
}
export interface ParallelSplitConfig {}
export interface ParallelJoinConfig {}
export interface TimerConfig {
  /** Wait this long… */
  duration?: IsoDuration
  /** …or until the date/time in this data path (e.g. `ticket.fields.visit_at`). */
  until?: string
  /** Count only working time of this calendar (routing/SLA issue provides calendars). */
  calendar?: string
}
export interface SlaBoundaryConfig {
  /** The userTask/approval node this boundary watches. */
  attachedTo: string
  target: IsoDuration
  /** `80%` of the target, or a duration before breach (`PT30M`). */
  warnAt?: string
  calendar?: string
  /** On breach: cancel the task and leave by the 'breach' edge (true), or keep it open (false). */
  interrupting?: boolean
}
export interface NotifyConfig {
  notifier: string
  to: string[]
  subject: string
  body: string
  urgent?: boolean
}
export interface SetFieldsConfig {
  /** Target path (`ticket.priority`, `vars.x`) → JSON Logic expression or literal. */
  set: Record<string, unknown>
}
export interface ScriptConfig {
  /** JS source; `return` a value. Sees `ticket`, `customer`, `form`, `vars` (copies). */
  source: string
  /** Where the returned value goes (`vars.total`, `ticket.fields.fee`). */
  output?: string
  timeoutMs?: number
}
export interface SubflowConfig {
  flowKey: string
  /** Child vars from parent data: child var → JSON Logic expression. */
  input?: Record<string, unknown>
  /** Parent path ← child var, copied when the child ends. */
  output?: Record<string, string>
}
export interface WaitForEventConfig {
  /** Event name, e.g. `customer.reply`. */
  event: string
  timeout?: IsoDuration
}

/** The core node types and their configs. Plugins may add others (validated by their configSchema). */
export interface CoreNodeConfigs {
  start: StartConfig
  end: EndConfig
  userTask: UserTaskConfig
  approval: ApprovalConfig
  exclusive: ExclusiveConfig
  parallelSplit: ParallelSplitConfig
  parallelJoin: ParallelJoinConfig
  timer: TimerConfig
  slaBoundary: SlaBoundaryConfig
  notify: NotifyConfig
  setFields: SetFieldsConfig
  script: ScriptConfig
  subflow: SubflowConfig
  waitForEvent: WaitForEventConfig
}

export type CoreNodeType = keyof CoreNodeConfigs

export const CORE_NODE_TYPES: CoreNodeType[] = [
  'start', 'end', 'userTask', 'approval', 'exclusive', 'parallelSplit', 'parallelJoin',
  'timer', 'slaBoundary', 'notify', 'setFields', 'script', 'subflow', 'waitForEvent',
]

/** Node types where a token rests until something outside happens: a cycle needs one of these. */
export const WAITING_NODE_TYPES: string[] = ['userTask', 'approval', 'timer', 'waitForEvent', 'subflow']
