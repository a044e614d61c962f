import { conflict } from '@scrm/kernel'
import type { FlowRuntime } from '@scrm/plugin-core'
import { changeStatus } from '@scrm/plugin-tickets'
import { cancelInstance } from '@scrm/runtime'
import type { TenantScope } from '@scrm/store'
import type { InstallManifest } from './bundle.js'
import { findInstall, requireInstall } from './install.js'

export interface UninstallResult {
  templateId: string
  closedTickets: number
  removed: Record<keyof InstallManifest, number>
  /** Rows ticket history still points at: deactivated (ticket types) or left in place. */
  kept: Partial<Record<keyof InstallManifest, string[]>>
}

const OPEN = ['new', 'open', 'pending']

/**
 * Removes what an installation created. Open tickets of its types refuse it (409) unless
 * `force`, which cancels their flows and closes them. Ticket history is never deleted: types,
 * templates, flows, departments and customers that tickets or settlement lines reference stay
 * (types deactivated) and are listed under `kept`.
 */
export async function uninstallTemplate(runtime: FlowRuntime, scope: TenantScope, templateId: string, actor: { userId: string }, force: boolean): Promise<UninstallResult> {
  return scope.transaction(async (s) => {
    const record = requireInstall(await findInstall(s, templateId), templateId)
    await s.table('industry_installs').where({ id: record.id }).forUpdate().first('id')
    const m = record.manifest as InstallManifest
    const open = await s.table('tickets').whereIn('type_id', m.ticketTypes).whereIn('status_category', OPEN).select('id', 'flow_instance_id')
    if (open.length && !force)
      throw conflict(`${open.length} open ticket(s) of this template's types; close them or uninstall with ?force=true`, { openTickets: open.length })
    const closedKey = (await s.table('ticket_statuses').where({ category: 'closed' }).orderBy('position').first('key'))?.key ?? 'closed'
    for (const t of open) {
      if (t.flow_instance_id && await s.table('instances').where({ id: t.flow_instance_id, status: 'running' }).first('id'))
        await cancelInstance(runtime.engine, s.db, s.tenantId, t.flow_instance_id, { userId: actor.userId, name: 'industry uninstall' })
      await changeStatus(s, t.id, closedKey, undefined, { kind: 'user', id: actor.userId })
    }

    const removed = Object.fromEntries(Object.keys(m).map(k => [k, 0])) as Record<keyof InstallManifest, number>
    const kept: UninstallResult['kept'] = {}
    const del = async (kind: keyof InstallManifest, table: string, ids: string[]) => {
      if (ids.length) removed[kind] += await s.table(table).whereIn('id', ids).del()
    }
    const keep = (kind: keyof InstallManifest, ids: string[]) => { if (ids.length) kept[kind] = ids }
    const used = async (table: string, column: string, ids: string[]) =>
      new Set(ids.length ? (await s.table(table).whereIn(column, ids).distinct(column)).map((r: Record<string, string>) => r[column]) : [])

    await del('settlementRules', 'settlement_rules', m.settlementRules)
    await del('routingRules', 'routing_rules', m.routingRules)
    await del('dictionaries', 'routing_dictionaries', m.dictionaries)
    await del('slaPolicies', 'sla_policies', m.slaPolicies)

    const typesWithTickets = await used('tickets', 'type_id', m.ticketTypes)
    const keptTypes = m.ticketTypes.filter(id => typesWithTickets.has(id))
    if (keptTypes.length) await s.table('ticket_types').whereIn('id', keptTypes).update({ active: false, updated_at: new Date() })
    keep('ticketTypes', keptTypes)
    await del('ticketTypes', 'ticket_types', m.ticketTypes.filter(id => !typesWithTickets.has(id)))

    const templatesInUse = await used('ticket_types', 'template_id', m.templates)
    keep('templates', m.templates.filter(id => templatesInUse.has(id)))
    const freeTemplates = m.templates.filter(id => !templatesInUse.has(id))
    if (freeTemplates.length) await s.table('ticket_template_versions').whereIn('template_id', freeTemplates).del()
    await del('templates', 'ticket_templates', freeTemplates)

    const flowKeys = m.flows.length ? await s.table('flows').whereIn('id', m.flows).select('id', 'key') : []
    const ranKeys = await used('instances', 'flow_key', flowKeys.map((f: { key: string }) => f.key))
    const ran = flowKeys.filter((f: { key: string }) => ranKeys.has(f.key)).map((f: { id: string }) => f.id)
    keep('flows', ran)
    const unused = m.flows.filter(id => !ran.includes(id))
    if (unused.length) await s.table('flow_versions').whereIn('flow_id', unused).del()
    await del('flows', 'flows', unused)

    await del('teams', 'org_teams', m.teams)
    const billed = await used('settlement_lines', 'department_id', m.departments)
    keep('departments', m.departments.filter(id => billed.has(id)))
    await del('departments', 'org_departments', m.departments.filter(id => !billed.has(id)))

    const assetsInUse = await used('tickets', 'asset_id', m.assets)
    keep('assets', m.assets.filter(id => assetsInUse.has(id)))
    await del('assets', 'assets', m.assets.filter(id => !assetsInUse.has(id)))
    const customersInUse = await used('tickets', 'customer_id', m.customers)
    keep('customers', m.customers.filter(id => customersInUse.has(id)))
    const freeCustomers = m.customers.filter(id => !customersInUse.has(id))
    if (freeCustomers.length) await s.table('assets').whereIn('customer_id', freeCustomers).update({ customer_id: null })
    await del('customers', 'customers', freeCustomers)

    keep('tickets', m.tickets ?? [])
    await s.table('industry_installs').where({ id: record.id }).del()
    return { templateId, closedTickets: open.length, removed, kept }
  })
}
