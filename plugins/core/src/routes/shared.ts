import { HttpError } from '@scrm/kernel'
import { RuntimeError, type TaskRow } from '@scrm/runtime'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'

/** Runs a runtime call, turning its RuntimeErrors into HTTP errors with the same status. */
export async function http<T>(fn: () => Promise<T>): Promise<T> {
  try { return await fn() }
  catch (err) {
    if (err instanceof RuntimeError) throw new HttpError(err.status, err.message, err.details)
    throw err
  }
}

export const actorOf = (request: FastifyRequest) => ({ userId: request.auth.userId, role: request.auth.role })

/** Staff only: customers use the portal's own routes. */
export const STAFF = ['admin', 'supervisor', 'agent'] as const
export const DESIGNERS = ['admin', 'supervisor'] as const

export const Json = Type.Unknown()
export const AnyObject = Type.Object({}, { additionalProperties: true })

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null)

export function taskOut(t: TaskRow) {
  return {
    id: t.id, instanceId: t.instance_id, nodeId: t.node_id, kind: t.kind, title: t.title,
    assigneeId: t.assignee_id, candidateUsers: t.candidate_users, candidateRole: t.candidate_role,
    status: t.status, outcome: t.outcome, form: t.form, comment: t.comment, level: t.level, mode: t.mode,
    slaStatus: t.sla_status, dueAt: iso(t.due_at), completedBy: t.completed_by, completedAt: iso(t.completed_at),
    version: t.version, createdAt: iso(t.created_at),
  }
}

export function instanceOut(i: Record<string, any>) {
  return {
    id: i.id, flowVersionId: i.flow_version_id, flowKey: i.flow_key, flowVersion: i.flow_version, ticketId: i.ticket_id,
    parentInstanceId: i.parent_instance_id, status: i.status, vars: i.vars, error: i.error, startedBy: i.started_by,
    lockVersion: i.lock_version, createdAt: iso(i.created_at), endedAt: iso(i.ended_at),
  }
}

export function flowOut(f: Record<string, any>) {
  return {
    id: f.id, key: f.key, name: f.name, description: f.description ?? null, graph: f.graph, lockVersion: f.lock_version,
    latestVersion: f.latest_version ?? null, draftUpdatedAt: iso(f.draft_updated_at), updatedBy: f.updated_by ?? null, createdAt: iso(f.created_at),
  }
}

export function versionOut(v: Record<string, any>, withIr = false) {
  return {
    id: v.id, flowId: v.flow_id, flowKey: v.flow_key, version: v.version, publishedAt: iso(v.published_at),
    publishedBy: v.published_by ?? null, ...(withIr ? { ir: v.ir } : {}),
  }
}

/** For POST routes whose body is optional: a request without one is validated as `{}`. */
export async function emptyBody(request: FastifyRequest): Promise<void> {
  request.body ??= {}
}
