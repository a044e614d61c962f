import type { I18nText, PluginHost, SettlementFormulaDef } from '@scrm/kernel'
import type { TenantScope } from '@scrm/store'
import type { RunnableFormula } from './run.js'

/** Tenant formulas are `custom.<key>`: a plugin's formula id can never be shadowed by a tenant. */
export const CUSTOM_PREFIX = 'custom.'

/** A formula as the API shows it and as rules run it. */
export interface FormulaInfo extends RunnableFormula {
  id: string
  /** The formula's name in both languages (the UI shows it; exports use it). */
  label: I18nText
  description?: I18nText
  inputs: Record<string, unknown>
  custom: boolean
  version?: number
}

export function fromDef(def: SettlementFormulaDef): FormulaInfo {
  return { id: def.id, label: def.label, description: def.description, inputs: def.inputs ?? {}, params: def.params, source: def.source, custom: false }
}

export function fromRow(r: Record<string, any>): FormulaInfo & { createdAt: string, updatedAt: string } {
  return {
    id: CUSTOM_PREFIX + r.key, label: r.name, inputs: r.inputs, params: r.params, source: r.source, custom: true, version: r.version,
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  }
}

/** A plugin's formula visible to this tenant, or one of the tenant's own. */
export async function findFormula(host: PluginHost, scope: TenantScope, id: string): Promise<FormulaInfo | undefined> {
  if (id.startsWith(CUSTOM_PREFIX)) {
    const row = await scope.table('settlement_formulas').where({ key: id.slice(CUSTOM_PREFIX.length) }).first()
    return row ? fromRow(row) : undefined
  }
  const def = host.registries.settlementFormulas.get(scope.tenantId, id)
  return def ? fromDef(def) : undefined
}

export async function listFormulas(host: PluginHost, scope: TenantScope): Promise<FormulaInfo[]> {
  const own = await scope.table('settlement_formulas').orderBy('key')
  return [...host.registries.settlementFormulas.list(scope.tenantId).map(fromDef), ...own.map(fromRow)]
}
