import { checkTemplate, type TemplateSchema } from '@scrm/forms'
import { badRequest, conflict, forbidden, type I18nText, notFound } from '@scrm/kernel'
import type { Role, TenantScope } from '@scrm/store'
import { canonical, isUuid } from './model.js'

export interface Template {
  id: string
  key: string
  name: I18nText
  currentVersion: number
  archived: boolean
  createdAt: string
  updatedAt: string
}

export interface TemplateVersion {
  id: string
  templateId: string
  version: number
  schema: TemplateSchema
  note: string | null
  createdBy: string | null
  createdAt: string
}

export const toTemplate = (r: Record<string, any>): Template => ({
  id: r.id, key: r.key, name: r.name, currentVersion: r.current_version, archived: r.archived,
  createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
})
const toVersion = (r: Record<string, any>): TemplateVersion => ({
  id: r.id, templateId: r.template_id, version: r.version, schema: r.schema, note: r.note ?? null,
  createdBy: r.created_by ?? null, createdAt: new Date(r.created_at).toISOString(),
})

// Published versions never change, so every process may keep them: ticket creation validates
// against a version without a query. Bounded so a tenant with thousands of versions cannot grow it forever.
const versionCache = new Map<string, TemplateVersion & { tenantId: string }>()
const CACHE_MAX = 5000

export async function getVersion(scope: TenantScope, id: string): Promise<TemplateVersion | undefined> {
  const hit = versionCache.get(id)
  if (hit) return hit.tenantId === scope.tenantId ? hit : undefined
  if (!isUuid(id)) return undefined
  const row = await scope.table('ticket_template_versions').where({ id }).first()
  if (!row) return undefined
  const v = toVersion(row)
  if (versionCache.size >= CACHE_MAX) versionCache.delete(versionCache.keys().next().value!)
  versionCache.set(id, { ...v, tenantId: scope.tenantId })
  return v
}

export async function findTemplate(scope: TenantScope, id: string): Promise<Template> {
  const row = isUuid(id) ? await scope.table('ticket_templates').where({ id }).first() : undefined
  if (!row) throw notFound('template')
  return toTemplate(row)
}

export async function listVersions(scope: TenantScope, templateId: string): Promise<TemplateVersion[]> {
  await findTemplate(scope, templateId)
  return (await scope.table('ticket_template_versions').where({ template_id: templateId }).orderBy('version', 'desc')).map(toVersion)
}

export async function versionByNumber(scope: TenantScope, templateId: string, version: number): Promise<TemplateVersion> {
  const row = await scope.table('ticket_template_versions').where({ template_id: templateId, version }).first()
  if (!row) throw notFound('template version')
  return toVersion(row)
}

export interface Editor {
  userId: string
  role: Role
}

export async function userRegions(scope: TenantScope, userId: string): Promise<string[]> {
  return (await scope.table('ticket_user_regions').where({ user_id: userId }).orderBy('region')).map((r: { region: string }) => r.region)
}

const same = (a: unknown, b: unknown) => canonical(a ?? null) === canonical(b ?? null)

/**
 * Template edit rights (seeds: HQ edits global templates, region managers their region's fields,
 * agents only fill in): admins change anything; supervisors only the variants of their regions.
 */
async function assertMayPublish(scope: TenantScope, editor: Editor, before: TemplateSchema | undefined, after: TemplateSchema): Promise<void> {
  if (editor.role === 'admin') return
  if (editor.role !== 'supervisor') throw forbidden('only admins and region managers edit templates')
  const regions = new Set(await userRegions(scope, editor.userId))
  if (!before || !same(before.fields, after.fields) || !same(before.rules, after.rules))
    throw forbidden('region managers may change only their region\'s variant')
  const keys = new Set([...Object.keys(before.variants ?? {}), ...Object.keys(after.variants ?? {})])
  const foreign = [...keys].filter(k => !regions.has(k) && !same(before.variants?.[k], after.variants?.[k]))
  if (foreign.length) throw forbidden(`not a manager of region ${foreign.join(', ')}`)
}

/** Publishes `schema` as the template's next immutable version. Tickets keep the version they were created with. */
export async function publishVersion(scope: TenantScope, templateId: string, schema: TemplateSchema, editor: Editor, opts: { note?: string, expectedVersion?: number } = {}): Promise<TemplateVersion> {
  return scope.transaction(async (s) => {
    // Row lock: two publishes of one template cannot both become version n+1.
    const row = isUuid(templateId) ? await s.table('ticket_templates').where({ id: templateId }).forUpdate().first() : undefined
    if (!row) throw notFound('template')
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== row.current_version)
      throw conflict('template changed since you loaded it', { currentVersion: row.current_version })
    const before = row.current_version ? (await versionByNumber(s, templateId, row.current_version)).schema : undefined
    await assertMayPublish(s, editor, before, schema)
    const problems = checkTemplate(schema)
    if (problems.length) throw badRequest(`invalid template: ${problems[0].path} ${problems[0].message['en-US']}`, problems.map(p => ({ in: 'body', field: `/schema/${p.path}`, message: p.message })))
    const version = row.current_version + 1
    const [v] = await s.insert('ticket_template_versions', {
      template_id: templateId, version, schema: JSON.stringify(schema), note: opts.note ?? null, created_by: editor.userId,
    }).returning('*')
    await s.table('ticket_templates').where({ id: templateId }).update({ current_version: version, updated_at: new Date() })
    return toVersion(v)
  })
}
