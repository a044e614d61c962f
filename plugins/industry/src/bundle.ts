import type { FlowEdge, FlowNode } from '@scrm/flow'
import type { I18nText, TemplateSchema } from '@scrm/forms'
import type { IndustryTemplateDef } from '@scrm/kernel'
import type { RuleBody } from '@scrm/plugin-settlement'
import type { PolicyDefinition } from '@scrm/plugin-sla'

/**
 * What an industry template ships, as plain data. Everything refers to everything else by key
 * (team keys, template keys, flow keys, department keys); the installer turns keys into the
 * tenant's ids in the order below, inside one transaction.
 */
// A type alias (not an interface) so it fits the kernel contract's Record<string, unknown> bundle.
export type IndustryBundle = {
  departments: Array<{ key: string, name: string }>
  teams: Array<{ key: string, name: string, department?: string }>
  templates: Array<{ key: string, name: I18nText, schema: TemplateSchema }>
  /** Published as version 1 each; a userTask's `assign.team` names a team above. */
  flows: Array<{ key: string, name: string, description?: string, nodes: FlowNode[], edges: FlowEdge[] }>
  ticketTypes: Array<{ key: string, name: I18nText, template: string, flow?: string, defaultPriority?: 'low' | 'normal' | 'high' | 'urgent' }>
  /** Give each a `condition` on `ticket.typeKey`: a tenant has at most one default policy. */
  slaPolicies: PolicyDefinition[]
  routingRules: Array<{
    name: string
    keywords?: string[]
    when?: unknown
    pool: { team?: string, role?: string, skills?: string[], region?: string }
    strategy: string
    config?: Record<string, unknown>
    tags?: string[]
    raisePriority?: 'low' | 'normal' | 'high' | 'urgent'
  }>
  dictionaries?: Array<{ key: string, name: string, match: 'token' | 'substring', tagPrefix?: string, entries: Array<{ term: string, tag?: string }> }>
  settlementRules: Array<Omit<RuleBody, 'ticketTypeId' | 'departmentId'> & { ticketType: string, department: string }>
  /** Installed only when asked (`{ demo: true }`). */
  demo?: {
    customers: Array<{ name: string, phone: string, tier?: string, region?: string }>
    assets: Array<{ serial: string, model: string, name: string, customerPhone: string, location?: string }>
    /** Created through the tickets plugin's intake (channel `demo`): they start their flows like any ticket. */
    tickets?: Array<{ typeKey: string, title: string, description?: string, customerPhone: string, assetSerial?: string, region?: string, fields: Record<string, unknown> }>
  }
}

export type IndustryTemplate = IndustryTemplateDef<IndustryBundle>

/** Identity helper for template plugins: type checking and completion of the bundle. */
export function defineIndustryTemplate(template: IndustryTemplate): IndustryTemplate {
  return template
}

/** What an installation created, by kind, in creation order (uninstall walks it backwards). */
export interface InstallManifest {
  departments: string[]
  teams: string[]
  templates: string[]
  flows: string[]
  ticketTypes: string[]
  slaPolicies: string[]
  routingRules: string[]
  dictionaries: string[]
  settlementRules: string[]
  customers: string[]
  assets: string[]
  /** Demo tickets: never deleted (they are history); an open one makes uninstall need `force`. */
  tickets: string[]
}

export const MANIFEST_KINDS: Array<keyof InstallManifest> = [
  'departments', 'teams', 'templates', 'flows', 'ticketTypes', 'slaPolicies', 'routingRules', 'dictionaries', 'settlementRules', 'customers', 'assets', 'tickets',
]

export const emptyManifest = (): InstallManifest =>
  Object.fromEntries(MANIFEST_KINDS.map(k => [k, []])) as unknown as InstallManifest

const LISTS = ['departments', 'teams', 'templates', 'flows', 'ticketTypes', 'slaPolicies', 'routingRules', 'settlementRules'] as const

/**
 * Other plugins may contribute bundles of their own shape to `industryTemplates` (the scaffold's
 * `apply` route does); only bundles of this shape are installed here.
 */
export function isInstallable(t: { bundle: unknown }): t is IndustryTemplate {
  const b = t.bundle as Record<string, unknown> | null
  return !!b && typeof b === 'object' && LISTS.every(k => Array.isArray(b[k]))
}

/** A short summary of what a bundle ships, for the catalogue. */
export function contents(b: IndustryBundle) {
  return {
    departments: b.departments.length,
    teams: b.teams.length,
    templates: b.templates.length,
    flows: b.flows.map(f => f.key),
    ticketTypes: b.ticketTypes.map(t => ({ key: t.key, name: t.name })),
    slaPolicies: b.slaPolicies.length,
    routingRules: b.routingRules.length,
    dictionaries: b.dictionaries?.length ?? 0,
    settlementRules: b.settlementRules.length,
    demo: { customers: b.demo?.customers.length ?? 0, assets: b.demo?.assets.length ?? 0, tickets: b.demo?.tickets?.length ?? 0 },
  }
}
