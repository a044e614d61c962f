import type { LatLng } from '@scrm/plugin-org'

/**
 * What routing knows about a ticket: the ticket's own columns, its customer's tier/VIP and tags,
 * the keyword tags, and a location when one of its fields holds one. Built once per decision.
 */
export interface TicketFacts {
  id?: string
  type: string | null
  title: string
  description: string
  priority: string
  region: string | null
  channel: string | null
  team: string | null
  assigneeId: string | null
  fields: Record<string, unknown>
  tags: string[]
  customer: { tier: string | null, vip: boolean, tags: string[], region: string | null }
  location: LatLng | null
}

/**
 * VIP means a tier containing "vip" (VIP, SVIP, vip-gold …) or a VIP tag: tenants name tiers
 * freely, and the seeds' rules ("VIP or urgent fault → …") only need the yes/no.
 */
export function isVip(tier: string | null | undefined, tags: readonly string[] = []): boolean {
  return (!!tier && /vip/i.test(tier)) || tags.some(t => /^s?vip$/i.test(t))
}

const isLatLng = (v: unknown): v is LatLng => !!v && typeof v === 'object'
  && typeof (v as LatLng).lat === 'number' && typeof (v as LatLng).lng === 'number'
  && Math.abs((v as LatLng).lat) <= 90 && Math.abs((v as LatLng).lng) <= 180

/** The ticket's location: `fields[locationField]` when named, else the first field holding {lat, lng}. */
export function locationOf(fields: Record<string, unknown>, locationField?: string): LatLng | null {
  if (locationField) return isLatLng(fields[locationField]) ? { lat: (fields[locationField] as LatLng).lat, lng: (fields[locationField] as LatLng).lng } : null
  for (const v of Object.values(fields)) if (isLatLng(v)) return { lat: v.lat, lng: v.lng }
  return null
}

type Row = Record<string, any>

/** Facts from a tickets row (with `type_key`) and its customer row (either may be missing). */
export function factsFromRows(ticket: Row, customer: Row | undefined, tags: string[]): TicketFacts {
  const fields = (ticket.fields ?? {}) as Record<string, unknown>
  const ctags: string[] = customer?.tags ?? []
  return {
    id: ticket.id,
    type: ticket.type_key ?? ticket.typeKey ?? null,
    title: ticket.title ?? '',
    description: ticket.description ?? '',
    priority: ticket.priority ?? 'normal',
    region: ticket.region ?? null,
    channel: ticket.channel ?? null,
    team: ticket.team ?? null,
    assigneeId: ticket.assignee_id ?? ticket.assigneeId ?? null,
    fields,
    tags,
    customer: { tier: customer?.tier ?? null, vip: isVip(customer?.tier, ctags), tags: ctags, region: customer?.region ?? null },
    location: locationOf(fields),
  }
}

/** The data JSON Logic rule conditions see: `ticket.*`, `customer.*` and `form.*` (= the fields). */
export function conditionData(f: TicketFacts) {
  return {
    ticket: {
      type: f.type, title: f.title, description: f.description, text: `${f.title}\n${f.description}`, priority: f.priority,
      region: f.region, channel: f.channel, team: f.team, tags: f.tags, fields: f.fields,
    },
    customer: f.customer,
    form: f.fields,
  }
}
