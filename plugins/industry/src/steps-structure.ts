import { hasErrors } from '@scrm/flow'
import { badRequest, conflict } from '@scrm/kernel'
import { draftToIR, validateForTenant } from '@scrm/plugin-core'
import { publishVersion } from '@scrm/plugin-tickets'
import type { TenantScope } from '@scrm/store'
import type { InstallContext, Step } from './steps.js'

/** A key the tenant already has: the template cannot take it over (nothing is merged silently). */
async function refuseTaken(s: TenantScope, table: string, column: string, value: string, what: string): Promise<void> {
  if (await s.table(table).where(column, value).first('id'))
    throw conflict(`the tenant already has a ${what} "${value}"`, [{ in: 'body', field: `/${what}`, message: `"${value}" exists` }])
}

export const departmentsStep: Step = {
  name: 'departments',
  async run({ scope: s, bundle, manifest, ids }) {
    for (const d of bundle.departments) {
      await refuseTaken(s, 'org_departments', 'key', d.key, 'department')
      const [row] = await s.insert('org_departments', { key: d.key, name: d.name }).returning('id')
      manifest.departments.push(row.id)
      ids.departments.set(d.key, row.id)
    }
  },
}

export const teamsStep: Step = {
  name: 'teams',
  async run({ scope: s, bundle, manifest, ids }) {
    for (const t of bundle.teams) {
      await refuseTaken(s, 'org_teams', 'key', t.key, 'team')
      const departmentId = t.department ? ids.departments.get(t.department) : null
      if (t.department && !departmentId) throw badRequest(`team ${t.key}: unknown department ${t.department}`)
      const [row] = await s.insert('org_teams', { key: t.key, name: t.name, department_id: departmentId }).returning('id')
      manifest.teams.push(row.id)
    }
  },
}

export const templatesStep: Step = {
  name: 'templates',
  async run({ scope: s, bundle, manifest, ids, editor }) {
    for (const t of bundle.templates) {
      await refuseTaken(s, 'ticket_templates', 'key', t.key, 'template')
      const [row] = await s.insert('ticket_templates', { key: t.key, name: JSON.stringify(t.name) }).returning('id')
      // The tickets plugin's own publish: the forms checks and version 1.
      await publishVersion(s, row.id, t.schema, editor, { note: 'industry template' })
      manifest.templates.push(row.id)
      ids.templates.set(t.key, row.id)
    }
  },
}

export const flowsStep: Step = {
  name: 'flows',
  async run(ctx: InstallContext) {
    const { scope: s, bundle, manifest, editor } = ctx
    for (const f of bundle.flows) {
      await refuseTaken(s, 'flows', 'key', f.key, 'flow')
      const graph = { nodes: f.nodes, edges: f.edges }
      const ir = draftToIR(graph, { key: f.key, version: 1, name: f.name })
      // The same checks as the designer's publish, with this tenant's node types.
      const diagnostics = await validateForTenant(ir, s.tenantId, ctx.host, ctx.sandbox)
      if (hasErrors(diagnostics)) throw badRequest(`flow ${f.key} has errors and cannot be published`, { diagnostics })
      const [flow] = await s.insert('flows', {
        key: f.key, name: f.name, description: f.description ?? null, graph: JSON.stringify(graph), updated_by: editor.userId, latest_version: 1,
      }).returning('id')
      await s.insert('flow_versions', { flow_id: flow.id, flow_key: f.key, version: 1, ir: JSON.stringify(ir), published_by: editor.userId })
      manifest.flows.push(flow.id)
    }
  },
}

export const ticketTypesStep: Step = {
  name: 'ticketTypes',
  async run({ scope: s, bundle, manifest, ids }) {
    for (const t of bundle.ticketTypes) {
      await refuseTaken(s, 'ticket_types', 'key', t.key, 'ticketType')
      const templateId = ids.templates.get(t.template)
      if (!templateId) throw badRequest(`ticket type ${t.key}: unknown template ${t.template}`)
      if (t.flow && !bundle.flows.some(f => f.key === t.flow)) throw badRequest(`ticket type ${t.key}: unknown flow ${t.flow}`)
      const [row] = await s.insert('ticket_types', {
        key: t.key, name: JSON.stringify(t.name), template_id: templateId, flow_key: t.flow ?? null, default_priority: t.defaultPriority ?? 'normal',
      }).returning('id')
      manifest.ticketTypes.push(row.id)
      ids.ticketTypes.set(t.key, row.id)
    }
  },
}
