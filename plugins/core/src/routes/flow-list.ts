import type { TenantScope } from '@scrm/store'
import { Type } from 'typebox'

export const FlowListQuery = Type.Object({
  /** Part of the key or the name, case-insensitive. */
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  /** Exactly this key (a caller that knows the key but not the id). */
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
}, { additionalProperties: false })

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])

export const FlowSummary = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  /** `draft`: never published; `published`: the draft is what the latest version froze; `modified`: edited since. */
  status: Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('modified')]),
  latestVersion: Type.Union([Type.Integer(), Type.Null()]),
  nodeCount: Type.Integer(),
  draftUpdatedAt: Nullable(Type.String()),
  updatedBy: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
}, { additionalProperties: false })

export const FlowPage = Type.Object({ items: Type.Array(FlowSummary), total: Type.Integer() }, { additionalProperties: false })

export type FlowStatus = 'draft' | 'published' | 'modified'

/** Never published; published and the draft is what it froze; or edited since the last publish. */
export function flowStatus(f: { latest_version?: number | null, draft_updated_at: Date | string }, publishedAt: Date | string | null | undefined): FlowStatus {
  if (f.latest_version == null || !publishedAt) return 'draft'
  return new Date(f.draft_updated_at) > new Date(publishedAt) ? 'modified' : 'published'
}

/** A single flow's status (GET /:id, saves): one indexed read of its latest version. */
export async function statusOf(scope: TenantScope, f: { id: string, latest_version?: number | null, draft_updated_at: Date | string }): Promise<FlowStatus> {
  if (f.latest_version == null) return 'draft'
  const v = await scope.table('flow_versions').where({ flow_id: f.id, version: f.latest_version }).first('published_at')
  return flowStatus(f, v?.published_at)
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, c => `\\${c}`)}%`

/**
 * One page of flow summaries: what a list shows, without the drafts (a 500-node graph per row
 * made the list megabytes). Node count and status are computed in the database.
 */
export async function listFlows(scope: TenantScope, query: { q?: string, key?: string, limit?: number, offset?: number }) {
  const filtered = () => {
    const qb = scope.table('flows as f')
    if (query.key) qb.where('f.key', query.key)
    if (query.q) {
      const like = likePattern(query.q)
      qb.where(w => void w.whereILike('f.key', like).orWhereILike('f.name', like))
    }
    return qb
  }
  const [{ n }] = await filtered().count({ n: '*' })
  const rows: Array<Record<string, any>> = await filtered()
    .leftJoin('flow_versions as v', j => void j.on('v.tenant_id', 'f.tenant_id').andOn('v.flow_id', 'f.id').andOn('v.version', 'f.latest_version'))
    .leftJoin('users as u', j => void j.on('u.tenant_id', 'f.tenant_id').andOn('u.id', 'f.updated_by'))
    .select('f.id', 'f.key', 'f.name', 'f.latest_version', 'f.draft_updated_at', 'f.updated_by', 'v.published_at', 'u.display_name')
    .select(scope.db.raw(`case when jsonb_typeof(f.graph->'nodes') = 'array' then jsonb_array_length(f.graph->'nodes') else 0 end as node_count`))
    .orderBy('f.key')
    .limit(query.limit ?? 50)
    .offset(query.offset ?? 0)
  return {
    total: Number(n),
    items: rows.map(f => ({
      id: f.id,
      key: f.key,
      name: f.name,
      status: flowStatus(f as { latest_version: number | null, draft_updated_at: Date }, f.published_at),
      latestVersion: f.latest_version ?? null,
      nodeCount: Number(f.node_count),
      draftUpdatedAt: f.draft_updated_at ? new Date(f.draft_updated_at).toISOString() : null,
      updatedBy: f.updated_by ? { id: f.updated_by, name: f.display_name ?? '' } : null,
    })),
  }
}
