import type { Knex, TenantScope } from '@scrm/store'

/** The agent workbench's queues; each is a slice of the tickets still being worked on. */
export const QUEUES = ['mine', 'team', 'unassigned', 'at_risk', 'breached'] as const
export type Queue = typeof QUEUES[number]

/** Who is asking: "mine" and "team" are relative to them. */
export interface QueueViewer {
  userId: string
  /** Team keys the viewer belongs to (tickets store the team key). */
  teams: string[]
}

/** Tickets that still need work: resolved and closed ones leave every queue. */
const WORKING = ['new', 'open', 'pending']

/**
 * One queue's condition as SQL (with its bindings) over `tickets`. The list filter and the counts
 * use the same text, so a queue's badge always equals the length of its list.
 */
function condition(queue: Queue, v: QueueViewer): [string, unknown[]] {
  switch (queue) {
    case 'mine': return ['tickets.assignee_id = ?', [v.userId]]
    // No teams: an always-false condition keeps the query valid (an empty IN list is not).
    case 'team': return v.teams.length ? [`tickets.team in (${v.teams.map(() => '?').join(', ')})`, v.teams] : ['false', []]
    case 'unassigned': return ['tickets.assignee_id is null', []]
    case 'at_risk': return [`tickets.sla_state = 'at_risk'`, []]
    case 'breached': return [`tickets.sla_state = 'breached'`, []]
  }
}

/** Narrows a ticket query to one queue. */
export function whereQueue(qb: Knex.QueryBuilder, queue: Queue, v: QueueViewer): void {
  const [sql, bindings] = condition(queue, v)
  qb.whereIn('tickets.status_category', WORKING).whereRaw(sql, bindings as Knex.RawBinding[])
}

/** Every queue's size for the viewer in one statement (`count(*) filter` per queue). */
export async function queueCounts(scope: TenantScope, v: QueueViewer): Promise<Record<Queue, number>> {
  const parts = QUEUES.map(q => condition(q, v))
  const select = parts.map(([sql], i) => `count(*) filter (where ${sql}) as q${i}`).join(', ')
  const row = await scope.table('tickets').whereIn('status_category', WORKING)
    .select(scope.db.raw(select, parts.flatMap(([, b]) => b) as Knex.RawBinding[])).first()
  return Object.fromEntries(QUEUES.map((q, i) => [q, Number(row?.[`q${i}`] ?? 0)])) as Record<Queue, number>
}
