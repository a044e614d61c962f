import { badRequest } from '@scrm/kernel'
import { checkPool, checkStrategy, checkWhen, ruleColumns as routingColumns } from '@scrm/plugin-routing'
import { ruleColumns as settlementColumns, validateRule } from '@scrm/plugin-settlement'
import { policyColumns, validatePolicy } from '@scrm/plugin-sla'
import { invalidateTicketSettings } from '@scrm/plugin-tickets'
import type { Step } from './steps.js'

export const slaStep: Step = {
  name: 'slaPolicies',
  async run(ctx) {
    const { scope: s, bundle, manifest } = ctx
    for (const p of bundle.slaPolicies) {
      await validatePolicy(s, ctx.calendars, p, { routing: ctx.host.isEnabled(s.tenantId, 'routing') })
      const now = new Date()
      const [row] = await s.insert('sla_policies', { ...policyColumns(p, now), created_at: now }).returning('id')
      manifest.slaPolicies.push(row.id)
    }
  },
}

export const routingStep: Step = {
  name: 'routingRules',
  async run(ctx) {
    const { scope: s, bundle, manifest } = ctx
    const last = await s.table('routing_rules').max({ p: 'position' }).first()
    let position = Number(last?.p ?? 0)
    for (const r of bundle.routingRules) {
      checkWhen(r.when)
      checkStrategy(ctx.host, s.tenantId, r.strategy)
      await checkPool(s, r.pool)
      position += 10
      const [row] = await s.insert('routing_rules', { ...routingColumns({ ...r, enabled: true }), position }).returning('id')
      manifest.routingRules.push(row.id)
    }
    for (const d of bundle.dictionaries ?? []) {
      const [row] = await s.insert('routing_dictionaries', {
        key: d.key, name: d.name, match: d.match, ...(d.tagPrefix !== undefined ? { tag_prefix: d.tagPrefix } : {}), entries: JSON.stringify(d.entries),
      }).returning('id')
      manifest.dictionaries.push(row.id)
    }
  },
}

export const settlementStep: Step = {
  name: 'settlementRules',
  async run(ctx) {
    const { scope: s, bundle, manifest, ids } = ctx
    for (const { ticketType, department, ...rest } of bundle.settlementRules) {
      const ticketTypeId = ids.ticketTypes.get(ticketType)
      const departmentId = ids.departments.get(department)
      if (!ticketTypeId || !departmentId) throw badRequest(`settlement rule ${rest.name}: unknown ${ticketTypeId ? `department ${department}` : `ticket type ${ticketType}`}`)
      const body = { ...rest, ticketTypeId, departmentId }
      await validateRule(ctx.host, s, body)
      const [row] = await s.insert('settlement_rules', settlementColumns(body, new Date())).returning('id')
      manifest.settlementRules.push(row.id)
    }
  },
}

/** Sample customers (through the customers plugin's own matching) and their devices. */
export const demoStep: Step = {
  name: 'demo',
  async run(ctx) {
    const { scope: s, bundle, manifest } = ctx
    if (!ctx.demo || !bundle.demo) return
    const byPhone = new Map<string, string>()
    for (const c of bundle.demo.customers) {
      const { customer, created } = await ctx.customers.matchOrCreate(s, { name: c.name, phone: c.phone, source: 'industry-template' })
      if (c.tier || c.region) await s.table('customers').where({ id: customer.id }).update({ tier: c.tier ?? null, region: c.region ?? null })
      if (created) manifest.customers.push(customer.id)
      byPhone.set(c.phone, customer.id)
    }
    const bySerial = new Map<string, string>()
    for (const a of bundle.demo.assets) {
      const [row] = await s.insert('assets', { serial: a.serial, model: a.model, name: a.name, location: a.location ?? null, customer_id: byPhone.get(a.customerPhone) ?? null })
        .onConflict(['tenant_id', 'serial']).ignore().returning('id')
      if (row) {
        manifest.assets.push(row.id)
        bySerial.set(a.serial, row.id)
      }
    }
    // Ticket types are read through the tickets plugin's cache: drop this tenant's entries so the
    // types written above are seen (the route drops them again after commit or rollback).
    if (bundle.demo.tickets?.length) invalidateTicketSettings(s.tenantId)
    for (const { customerPhone, assetSerial, ...t } of bundle.demo.tickets ?? []) {
      const { ticket } = await ctx.intake.create(s, { ...t, customerId: byPhone.get(customerPhone), assetId: assetSerial ? bySerial.get(assetSerial) : undefined },
        { channel: 'demo', actor: { kind: 'user', id: ctx.editor.userId } })
      manifest.tickets.push(ticket.id)
    }
  },
}
