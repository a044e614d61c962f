import type { Labelled } from './common.js'

/**
 * A set of data a partner ships (ticket types, templates, flows, SLA policies, settlement rules,
 * demo data), installed into one tenant in one transaction and removable.
 */
export interface IndustryTemplateDef<Bundle = Record<string, unknown>> extends Labelled {
  id: string
  industry: string
  bundle: Bundle
}
