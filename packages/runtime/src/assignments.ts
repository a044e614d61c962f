import type { DataContext } from './data-provider.js'
import type { FlowData, NewTask, NodeContext } from './types.js'

export type Assignment = Pick<NewTask, 'assigneeId' | 'candidateUsers' | 'candidateRole'>

/** What an assigner gets: the step's transaction and instance (use `trx` only), the node, the data. */
export interface AssignContext extends DataContext {
  nodeId: string
  now: Date
  data: () => Promise<FlowData>
}

/**
 * Resolves the assignment rules the runtime does not know itself: routing strategies
 * (`assign: { strategy: 'least-load', team: 'x' }`) and rule lists (`assign: { rules: true }`).
 * The routing plugin provides it as the kernel service `flow.assigner`. Runs inside the step's
 * transaction; `undefined` = not its kind of rule, the runtime's own resolution applies.
 */
export interface FlowAssigner {
  resolve: (ctx: AssignContext, rule: Record<string, unknown>) => Promise<Assignment | undefined>
}

/**
 * Turns an assignment rule into who may work on a task: one assignee, a pool of users, or a
 * role. `initiator` and `expr` are handled here; other strategies go to the plugged-in assigner
 * (routing) first. Without one, a rule's users/role are the pool and unknown strategies leave
 * the task in the shared pool (any supervisor or admin may take it).
 */
export async function resolveAssignee(ctx: NodeContext, rule: Record<string, unknown> | undefined, assigner?: { plugin: FlowAssigner | undefined, context: () => AssignContext }): Promise<Assignment> {
  if (!rule) return {}
  if (rule.strategy === 'initiator' && ctx.instance.started_by) return { assigneeId: ctx.instance.started_by }
  if (rule.strategy === 'expr' && rule.expr !== undefined) {
    const who = await ctx.evaluate(rule.expr)
    if (typeof who === 'string' && who) return { assigneeId: who }
    if (Array.isArray(who)) return pool(who.filter((u): u is string => typeof u === 'string'), rule)
  }
  if (assigner?.plugin && (rule.rules === true || (typeof rule.strategy === 'string' && rule.strategy !== 'initiator' && rule.strategy !== 'expr'))) {
    const routed = await assigner.plugin.resolve(assigner.context(), rule)
    if (routed) return routed
  }
  const users = Array.isArray(rule.users) ? rule.users.filter((u): u is string => typeof u === 'string') : []
  return pool(users, rule)
}

function pool(users: string[], rule: Record<string, unknown>): Assignment {
  const role = typeof rule.role === 'string' ? rule.role : null
  if (users.length === 1 && !role) return { assigneeId: users[0] }
  return { candidateUsers: users, candidateRole: role }
}
