import type { NewTask, NodeContext } from './types.js'

type Assignment = Pick<NewTask, 'assigneeId' | 'candidateUsers' | 'candidateRole'>

/**
 * Turns an assignment rule into who may work on a task: one assignee, a pool of users, or a
 * role. Routing strategies (skills, load balancing) come with the routing issue through
 * `assignmentStrategies`; until then a rule's users/role are the pool and unknown strategies
 * leave the task in the shared pool (any supervisor or admin may take it).
 */
export async function resolveAssignee(ctx: NodeContext, rule: Record<string, unknown> | undefined): Promise<Assignment> {
  if (!rule) return {}
  if (rule.strategy === 'initiator' && ctx.instance.started_by) return { assigneeId: ctx.instance.started_by }
  if (rule.strategy === 'expr' && rule.expr !== undefined) {
    const who = await ctx.evaluate(rule.expr)
    if (typeof who === 'string' && who) return { assigneeId: who }
    if (Array.isArray(who)) return pool(who.filter((u): u is string => typeof u === 'string'), rule)
  }
  const users = Array.isArray(rule.users) ? rule.users.filter((u): u is string => typeof u === 'string') : []
  return pool(users, rule)
}

function pool(users: string[], rule: Record<string, unknown>): Assignment {
  const role = typeof rule.role === 'string' ? rule.role : null
  if (users.length === 1 && !role) return { assigneeId: users[0] }
  return { candidateUsers: users, candidateRole: role }
}
