import type { Ticket } from '@scrm/plugin-tickets'

/**
 * What a rule's inputs can be mapped from: a ticket field, a ticket fact, a literal, or
 * `periodTotal`: the sum of another input of this rule over the lines it already wrote for the
 * same customer in the same period (the cumulative amount a tiered rebate needs).
 */
export type InputSource = { field: string } | { fact: Fact } | { value: unknown } | { periodTotal: string }

/** Facts of a resolved ticket rules may use (conditions see them under `facts`). */
export const FACTS = ['resolvedAt', 'createdAt', 'durationMinutes', 'durationHours', 'priority', 'urgent', 'typeKey', 'region', 'team', 'channel'] as const
export type Fact = typeof FACTS[number]

const BEIJING_MS = 8 * 3600_000

/** Month of an instant in Beijing time (`2026-03`): the settlement period of a line. */
export const beijingMonth = (at: Date) => new Date(at.getTime() + BEIJING_MS).toISOString().slice(0, 7)

export function ticketFacts(t: Ticket, resolvedAt: Date): Record<Fact, unknown> {
  const minutes = Math.max(0, Math.round((resolvedAt.getTime() - new Date(t.createdAt).getTime()) / 60_000))
  return {
    resolvedAt: resolvedAt.toISOString(),
    createdAt: t.createdAt,
    durationMinutes: minutes,
    durationHours: minutes / 60,
    priority: t.priority,
    urgent: t.priority === 'urgent',
    typeKey: t.typeKey,
    region: t.region,
    team: t.team,
    channel: t.channel,
  }
}

/** The data a rule's condition sees. */
export function conditionData(t: Ticket, facts: Record<Fact, unknown>) {
  return { ticket: { id: t.id, number: t.number, title: t.title, priority: t.priority, fields: t.fields, region: t.region, team: t.team, channel: t.channel, typeKey: t.typeKey }, facts }
}

/** Inputs for a formula; a field or fact without a value is left out (the formula's schema says whether it was required). */
export function mapInputs(mapping: Record<string, InputSource>, t: Ticket, facts: Record<Fact, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, src] of Object.entries(mapping)) {
    if ('periodTotal' in src) continue
    const v = 'value' in src ? src.value : 'fact' in src ? facts[src.fact] : t.fields[src.field]
    if (v !== undefined && v !== null) out[name] = v
  }
  return out
}
