import { validate } from '@scrm/flow'
import { checkTemplate } from '@scrm/forms'
import type { IndustryBundle } from './bundle.js'

export interface BundleProblem {
  where: string
  message: string
}

const assignTeams = (config: unknown): string[] => {
  const found: string[] = []
  const walk = (v: unknown, key?: string) => {
    if (Array.isArray(v)) v.forEach(x => walk(x))
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k)
    else if (key === 'team' && typeof v === 'string') found.push(v)
  }
  walk(config)
  return found
}

/**
 * What can be checked without a tenant: every flow passes `@scrm/flow` validate (errors only),
 * every template passes `@scrm/forms` checkTemplate, and keys refer to things the bundle ships.
 * Template plugins run it in their own tests; the installer checks again with the tenant's node types.
 */
export function bundleProblems(b: IndustryBundle): BundleProblem[] {
  const problems: BundleProblem[] = []
  const teams = new Set(b.teams.map(t => t.key))
  const departments = new Set(b.departments.map(d => d.key))
  for (const f of b.flows) {
    for (const d of validate({ key: f.key, version: 1, nodes: f.nodes, edges: f.edges }))
      if (d.severity === 'error') problems.push({ where: `flows/${f.key}/${d.nodeId ?? d.edgeId ?? ''}`, message: d.message['en-US'] })
    for (const n of f.nodes) for (const team of assignTeams(n.config)) if (!teams.has(team)) problems.push({ where: `flows/${f.key}/${n.id}`, message: `team ${team} is not shipped` })
  }
  for (const t of b.templates)
    for (const p of checkTemplate(t.schema)) problems.push({ where: `templates/${t.key}/${p.path}`, message: p.message['en-US'] })
  for (const t of b.teams) if (t.department && !departments.has(t.department)) problems.push({ where: `teams/${t.key}`, message: `department ${t.department} is not shipped` })
  for (const t of b.ticketTypes) {
    if (!b.templates.some(x => x.key === t.template)) problems.push({ where: `ticketTypes/${t.key}`, message: `template ${t.template} is not shipped` })
    if (t.flow && !b.flows.some(x => x.key === t.flow)) problems.push({ where: `ticketTypes/${t.key}`, message: `flow ${t.flow} is not shipped` })
  }
  for (const r of b.routingRules) if (r.pool.team && !teams.has(r.pool.team)) problems.push({ where: `routingRules/${r.name}`, message: `team ${r.pool.team} is not shipped` })
  for (const r of b.settlementRules) {
    if (!departments.has(r.department)) problems.push({ where: `settlementRules/${r.name}`, message: `department ${r.department} is not shipped` })
    if (!b.ticketTypes.some(t => t.key === r.ticketType)) problems.push({ where: `settlementRules/${r.name}`, message: `ticket type ${r.ticketType} is not shipped` })
  }
  const phones = new Set(b.demo?.customers.map(c => c.phone))
  for (const [i, t] of (b.demo?.tickets ?? []).entries()) {
    if (!b.ticketTypes.some(x => x.key === t.typeKey)) problems.push({ where: `demo/tickets/${i}`, message: `ticket type ${t.typeKey} is not shipped` })
    if (!phones.has(t.customerPhone)) problems.push({ where: `demo/tickets/${i}`, message: `no demo customer with phone ${t.customerPhone}` })
    if (t.assetSerial && !b.demo?.assets.some(a => a.serial === t.assetSerial)) problems.push({ where: `demo/tickets/${i}`, message: `no demo asset ${t.assetSerial}` })
  }
  for (const p of b.slaPolicies) if (p.condition === undefined || p.condition === null) problems.push({ where: `slaPolicies/${p.name}`, message: 'needs a condition (a tenant has one default policy of its own)' })
  return problems
}
