import { conflict, notFound } from '@scrm/kernel'
import type { Role, TenantScope } from '@scrm/store'
import { emptyManifest, type IndustryTemplate, type InstallManifest } from './bundle.js'
import { demoStep, routingStep, settlementStep, slaStep } from './steps-rules.js'
import { departmentsStep, flowsStep, teamsStep, templatesStep, ticketTypesStep } from './steps-structure.js'
import { type InstallDeps, runSteps, type Step } from './steps.js'

/** In dependency order: what a later step refers to by key exists by then. */
export const INSTALL_STEPS: Step[] = [departmentsStep, teamsStep, templatesStep, flowsStep, ticketTypesStep, slaStep, routingStep, settlementStep, demoStep]

export interface InstallRecord {
  templateId: string
  plugin: string
  demo: boolean
  installedAt: string
  installedBy: string | null
  manifest: InstallManifest
}

export const recordOut = (r: Record<string, any>): InstallRecord => ({
  templateId: r.template_id, plugin: r.plugin, demo: r.demo,
  installedAt: new Date(r.created_at).toISOString(), installedBy: r.installed_by ?? null, manifest: r.manifest,
})

export async function findInstall(scope: TenantScope, templateId: string): Promise<Record<string, any> | undefined> {
  return scope.table('industry_installs').where({ template_id: templateId }).first()
}

/**
 * Everything or nothing: the record is written first (the unique key refuses a second install,
 * also a concurrent one), then every step in the same transaction, then the manifest.
 */
export async function installTemplate(
  deps: InstallDeps,
  scope: TenantScope,
  template: IndustryTemplate,
  plugin: string,
  editor: { userId: string, role: Role },
  options: { demo: boolean },
): Promise<InstallRecord> {
  return scope.transaction(async (s) => {
    if (await findInstall(s, template.id)) throw conflict(`industry template ${template.id} is already installed`, { step: 'record' })
    const [record] = await s.insert('industry_installs', {
      template_id: template.id, plugin, installed_by: editor.userId, demo: options.demo, manifest: JSON.stringify(emptyManifest()),
    }).onConflict(['tenant_id', 'template_id']).ignore().returning('id')
    if (!record) throw conflict(`industry template ${template.id} is already installed`, { step: 'record' })
    const manifest = emptyManifest()
    await runSteps(INSTALL_STEPS, {
      ...deps, scope: s, bundle: template.bundle, manifest, editor, demo: options.demo,
      ids: { departments: new Map(), templates: new Map(), ticketTypes: new Map() },
    })
    const [row] = await s.table('industry_installs').where({ id: record.id }).update({ manifest: JSON.stringify(manifest), updated_at: new Date() }).returning('*')
    return recordOut(row)
  })
}

export function requireInstall(row: Record<string, any> | undefined, templateId: string): Record<string, any> {
  if (!row) throw notFound(`installation of industry template ${templateId}`)
  return row
}
